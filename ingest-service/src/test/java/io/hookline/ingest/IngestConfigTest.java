package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.Env;
import io.hookline.core.crypto.SecretBox;
import io.hookline.ingest.status.StatusConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
  private static final String API_TOKEN = "the-api-token-of-clients";

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put(IngestConfig.API_TOKEN, API_TOKEN);
    env.put(SecretBox.MASTER_KEY, SecretBox.generateMasterKey());
    return env;
  }

  @Test
  void thePeerTokenIsACredentialOfItsOwnNeverTheApiToken() {
    Map<String, String> env = required();
    env.put(StatusConfig.PEER_TOKEN, API_TOKEN);

    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(env)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StatusConfig.PEER_TOKEN)
        .hasMessageNotContaining(API_TOKEN);
  }

  @Test
  void withoutAPeerTokenTheListenerTakesOneDerivedFromTheApiTokenOnTheApisHost() {
    Map<String, String> env = required();
    env.put("HOOKLINE_HTTP_HOST", "127.0.0.2");
    IngestConfig config = IngestConfig.fromEnv(Env.of(env));

    assertThat(config.statusPeerToken()).isNotEqualTo(API_TOKEN).doesNotContain(API_TOKEN);
    assertThat(config.statusPeerHttp().host()).isEqualTo("127.0.0.2");
    assertThat(config.statusPeerHttp().port()).isEqualTo(StatusConfig.DEFAULT_PEER_PORT);
    assertThat(config.describe().toString()).doesNotContain(config.statusPeerToken());
  }

  @Test
  void thePeerListenerCannotShareTheApisPort() {
    Map<String, String> env = required();
    env.put("HOOKLINE_HTTP_PORT", "9000");
    env.put(StatusConfig.PEER_PORT, "9000");

    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(env)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StatusConfig.PEER_PORT)
        .hasMessageContaining("HOOKLINE_HTTP_PORT");
  }

  @Test
  void bothMayPickAFreePort() {
    Map<String, String> env = required();
    env.put("HOOKLINE_HTTP_PORT", "0");
    env.put(StatusConfig.PEER_PORT, "0");

    assertThat(IngestConfig.fromEnv(Env.of(env)).statusPeerHttp().port()).isZero();
  }

  @Test
  void theFanOutCommitIntervalIsReadAndKeptWithinItsRange() {
    Map<String, String> env = required();
    env.put(IngestConfig.FANOUT_COMMIT_INTERVAL_MS, "50");
    assertThat(IngestConfig.fromEnv(Env.of(env)).fanOutCommitInterval().toMillis()).isEqualTo(50);
    assertThat(IngestConfig.fromEnv(Env.of(required())).fanOutCommitInterval())
        .isEqualTo(IngestConfig.DEFAULT_FANOUT_COMMIT_INTERVAL);

    env.put(IngestConfig.FANOUT_COMMIT_INTERVAL_MS, "1");
    assertThatThrownBy(() -> IngestConfig.fromEnv(Env.of(env)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(IngestConfig.FANOUT_COMMIT_INTERVAL_MS);
  }

  @Test
  void theConfigAsTextShowsNoToken() {
    Map<String, String> env = required();
    String peerToken = "the-peer-token-of-instances";
    env.put(StatusConfig.PEER_TOKEN, peerToken);
    IngestConfig config = IngestConfig.fromEnv(Env.of(env));

    assertThat(config.toString()).doesNotContain(API_TOKEN).doesNotContain(peerToken);
    assertThat(config.status().toString()).doesNotContain(peerToken);
  }
}
