package io.hookline.dispatcher.http;

import io.hookline.core.net.EgressPolicy;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the connection pool of an {@link HttpSender}: names resolve through a {@link
 * GuardedDnsResolver}, and every socket is a {@link GuardedSocketFactory} socket, so the policy is
 * checked both on the resolved addresses and on the address actually connected to.
 */
final class GuardedConnectionManager {
  private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(2);
  private static final TimeValue CONNECTION_TIME_TO_LIVE = TimeValue.ofMinutes(5);

  /**
   * Each pooled connection has an input and an output buffer of this size (HttpCore's default is 32
   * KiB each). A webhook exchange reads a status line, headers and at most 1 KiB of body, and
   * bodies larger than the buffer are written past it, so 4 KiB loses nothing. An idle pooled
   * connection held 26.4 KiB of live heap with 8 KiB buffers ({@code bench/run memory}).
   */
  static final int IO_BUFFER_BYTES = 4 * 1024;

  private GuardedConnectionManager() {}

  static PoolingHttpClientConnectionManager build(
      HttpSenderConfig config, EgressPolicy policy, DnsResolver systemResolver) {
    GuardedSocketFactory sockets = new GuardedSocketFactory(policy);
    ConnectionConfig connections =
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(config.connectTimeout()))
            .setSocketTimeout(Timeout.of(config.defaultTimeout()))
            .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
            .setTimeToLive(CONNECTION_TIME_TO_LIVE)
            .build();
    return new PoolingHttpClientConnectionManagerBuilder() {
      @Override
      protected HttpClientConnectionOperator createConnectionOperator(
          SchemePortResolver schemePortResolver, DnsResolver dnsResolver, TlsSocketStrategy tls) {
        TlsSocketStrategy https = tls != null ? tls : DefaultClientTlsStrategy.createDefault();
        return new DefaultHttpClientConnectionOperator(
            sockets,
            schemePortResolver,
            dnsResolver,
            RegistryBuilder.<TlsSocketStrategy>create()
                .register(URIScheme.HTTPS.id, https)
                .build());
      }
    }.setDnsResolver(new GuardedDnsResolver(policy, systemResolver))
        .setTlsSocketStrategy(DefaultClientTlsStrategy.createDefault())
        // The strict pool serialises every lease on one lock and unlinks the leased connection
        // from one list of all idle connections (a linear search: 11 % of the dispatcher's CPU
        // with 1,000 endpoints). The lax pool keeps per-route pools; its total is a soft cap, and
        // the dispatcher's lanes and in-flight budget bound concurrency anyway.
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setMaxConnTotal(config.maxConnections())
        .setMaxConnPerRoute(config.maxConnectionsPerRoute())
        .setDefaultConnectionConfig(connections)
        .setConnectionFactory(
            ManagedHttpClientConnectionFactory.builder()
                .http1Config(Http1Config.custom().setBufferSize(IO_BUFFER_BYTES).build())
                .build())
        .build();
  }
}
