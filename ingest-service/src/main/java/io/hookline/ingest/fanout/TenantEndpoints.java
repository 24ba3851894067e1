package io.hookline.ingest.fanout;

import io.hookline.schemas.Endpoint;
import java.util.Collection;

/**
 * What the fan-out needs of the endpoint directory: a tenant's endpoints, enabled or not, as an
 * immutable snapshot ({@code EndpointDirectory::forTenant} in the service).
 */
@FunctionalInterface
public interface TenantEndpoints {
  Collection<Endpoint> of(String tenant);
}
