package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testkit.KafkaCluster;
import io.hookline.testkit.WithKafka;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's assets as the ingest-service serves them: public (no token), from the jar, with
 * their content types, the security headers, and revalidation by ETag.
 */
@WithKafka
class DashboardAssetsIT {
  private static ApiFixture api;

  @BeforeAll
  static void start(KafkaCluster cluster) throws Exception {
    api = new ApiFixture(cluster, Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static ApiFixture.Answer anonymous(String path, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.put("Authorization", "");
    return api.send("GET", path, null, h);
  }

  @Test
  void thePageAndItsAssetsAreServedWithoutATokenWithTheirTypesAndTheSecurityHeaders() {
    ApiFixture.Answer page = anonymous("/", Map.of());
    ApiFixture.Answer script = anonymous("/assets/app.js", Map.of());
    ApiFixture.Answer style = anonymous("/assets/app.css", Map.of());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body())
        .contains("<script type=\"module\" src=\"/assets/app.js\"></script>")
        .doesNotContainPattern("(src|href)=\"https?:");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    // Text goes on the page as text, and nothing is loaded from another origin.
    assertThat(script.body())
        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
        .doesNotContainPattern("(import|fetch)\\(?\\s*['\"]https?:");
    assertThat(style.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    for (ApiFixture.Answer a : new ApiFixture.Answer[] {page, script, style}) {
      assertThat(a.header("Content-Security-Policy"))
          .contains("script-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(a.header("Cache-Control")).isEqualTo("no-cache");
    }
  }

  @Test
  void anAssetUnchangedSinceItsETagIsA304WithoutABody() {
    String etag = anonymous("/assets/app.js", Map.of()).header("ETag");

    ApiFixture.Answer again = anonymous("/assets/app.js", Map.of("If-None-Match", etag));
    ApiFixture.Answer stale = anonymous("/assets/app.js", Map.of("If-None-Match", "\"old\""));

    assertThat(etag).matches("\"[0-9a-f]{24}\"");
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(stale.status()).isEqualTo(200);
  }

  @Test
  void onlyTheKnownAssetsAreServed() {
    assertThat(anonymous("/assets/nope.js", Map.of()).status()).isEqualTo(404);
    assertThat(anonymous("/assets/index.html", Map.of()).status()).isEqualTo(404);
    assertThat(anonymous("/assets/..%2Fopenapi%2Fopenapi.json", Map.of()).status()).isIn(400, 404);
  }
}
