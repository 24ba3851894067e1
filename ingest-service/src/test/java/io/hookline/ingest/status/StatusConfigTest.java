package io.hookline.ingest.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusConfigTest {

  @Test
  void withoutAnAdvertisedUrlPeersUseTheBindHostAndTheBoundPort() {
    StatusConfig config = StatusConfig.fromEnv(Env.of(Map.of()));

    assertThat(config.advertisedUrlOr("127.0.0.1", 41234))
        .isEqualTo(URI.create("http://127.0.0.1:41234"));
    assertThat(config.advertisedUrlOr("0.0.0.0", 8080).getHost()).isNotEqualTo("0.0.0.0");
    assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.attemptsPerEndpoint()).isEqualTo(100);
  }

  @Test
  void anAdvertisedUrlIsUsedAsGiven() {
    StatusConfig config =
        StatusConfig.fromEnv(
            Env.of(Map.of(StatusConfig.ADVERTISED_URL, "https://ingest-1.ingest.svc:8443")));

    assertThat(config.advertisedUrlOr("0.0.0.0", 8080))
        .isEqualTo(URI.create("https://ingest-1.ingest.svc:8443"));
  }

  @Test
  void anAdvertisedUrlWithoutPortOrWithAPathIsRefusedByName() {
    for (String bad : new String[] {"http://ingest-1", "http://ingest-1:8080/api", "ftp://x:1"}) {
      assertThatThrownBy(
              () -> StatusConfig.fromEnv(Env.of(Map.of(StatusConfig.ADVERTISED_URL, bad))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(StatusConfig.ADVERTISED_URL);
    }
  }

  @Test
  void thePeerListenerIsOnItsOwnPortWithATokenDerivedFromTheApiTokenUnlessOneIsGiven() {
    StatusConfig derived = StatusConfig.fromEnv(Env.of(Map.of()));
    StatusConfig given =
        StatusConfig.fromEnv(
            Env.of(
                Map.of(
                    StatusConfig.PEER_TOKEN, "a-peer-token-of-its-own",
                    StatusConfig.PEER_PORT, "9183")));

    assertThat(derived.peerPort()).isEqualTo(8083);
    assertThat(given.peerPort()).isEqualTo(9183);
    // Every instance derives the same token from the same API token; another API token, another.
    assertThat(derived.peerTokenFor("api-token-1"))
        .isEqualTo(StatusConfig.fromEnv(Env.of(Map.of())).peerTokenFor("api-token-1"))
        .isNotEqualTo(derived.peerTokenFor("api-token-2"))
        .doesNotContain("api-token-1")
        .hasSizeGreaterThanOrEqualTo(32);
    assertThat(given.peerTokenFor("api-token-1")).isEqualTo("a-peer-token-of-its-own");
    assertThat(given.describe().toString()).doesNotContain("a-peer-token-of-its-own");
  }

  @Test
  void aShortPeerTokenIsRefusedByNameWithoutShowingIt() {
    assertThatThrownBy(
            () -> StatusConfig.fromEnv(Env.of(Map.of(StatusConfig.PEER_TOKEN, "short-secret"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StatusConfig.PEER_TOKEN)
        .hasMessageNotContaining("short-secret");
  }

  @Test
  void aPeerTokenThatCannotBeABearerTokenIsRefusedAtStartWithoutShowingIt() {
    for (String token : new String[] {"a peer token with spaces", "a-peer-token-with\nnewline"}) {
      assertThatThrownBy(() -> StatusConfig.fromEnv(Env.of(Map.of(StatusConfig.PEER_TOKEN, token))))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(StatusConfig.PEER_TOKEN)
          .hasMessageNotContaining(token);
    }
  }

  @Test
  void theAdvertisedUrlOfTheApiThatWasIsRefusedNamingItsReplacement() {
    assertThatThrownBy(
            () ->
                StatusConfig.fromEnv(
                    Env.of(Map.of("HOOKLINE_INGEST_ADVERTISED_URL", "http://10.0.0.7:8080"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_INGEST_ADVERTISED_URL")
        .hasMessageContaining(StatusConfig.ADVERTISED_URL);
  }

  @Test
  void aRetentionShorterThanAnHourIsRefused() {
    assertThatThrownBy(
            () -> StatusConfig.fromEnv(Env.of(Map.of("HOOKLINE_STATUS_RETENTION_MS", "60000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HOOKLINE_STATUS_RETENTION_MS");
  }
}
