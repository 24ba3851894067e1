package io.hookline.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.net.EgressPolicy;
import io.hookline.core.webhook.WebhookRequest;
import io.hookline.dispatcher.http.HttpResult.Delivered;
import io.hookline.dispatcher.http.HttpResult.Failed;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSenderEgressTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final HttpSenderConfig CONFIG = HttpSenderConfig.defaults();

  private LoopbackReceiver receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new LoopbackReceiver();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private HttpResult sendWith(EgressPolicy policy, DnsResolver resolver, String url) {
    try (HttpSender sender = new HttpSender(CONFIG, policy, Clock.systemUTC(), resolver)) {
      return sender.send(new WebhookRequest(URI.create(url), Map.of(), "{}".getBytes()), TIMEOUT);
    }
  }

  private HttpResult sendWithoutAllowList(String url) {
    try (HttpSender sender = new HttpSender(CONFIG, EgressPolicy.publicOnly())) {
      return sender.send(new WebhookRequest(URI.create(url), Map.of(), "{}".getBytes()), TIMEOUT);
    }
  }

  @Test
  void refusesALoopbackIpLiteralAndTheReceiverGetsNoRequest() {
    HttpResult result = sendWithoutAllowList("http://127.0.0.1:" + receiver.port() + "/");

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo("refused: 127.0.0.1 is a loopback address");
              assertThat(f.status()).isNull();
            });
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void refusesLocalhostByTheAddressItResolvesTo() {
    HttpResult result = sendWithoutAllowList("http://localhost:" + receiver.port() + "/");

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).startsWith("refused: ").endsWith(" is a loopback address");
            });
    assertThat(receiver.received()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.5/|refused: 10.0.0.5 is a private address",
        "https://169.254.169.254/latest/meta-data|refused: 169.254.169.254 is a cloud metadata address",
        "http://[::1]:8080/|refused: 0:0:0:0:0:0:0:1 is a loopback address",
        "http://[::ffff:192.168.1.1]/|refused: 192.168.1.1 is a private address",
        "https://0.0.0.0/|refused: 0.0.0.0 is an unspecified address"
      })
  void refusesNonPublicIpLiteralsOverHttpAndHttps(String urlAndError) {
    String[] parts = urlAndError.split("\\|");

    HttpResult result = sendWithoutAllowList(parts[0]);

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo(parts[1]);
            });
  }

  @Test
  void connectsOnlyToTheAllowedAddressesOfAHostThatResolvesToSeveral() {
    DnsResolver mixed = fakeResolver("mixed.example", "10.0.0.5", "127.0.0.1");

    HttpResult result =
        sendWith(
            EgressPolicy.fromAllowList("127.0.0.0/8"),
            mixed,
            "http://mixed.example:" + receiver.port() + "/hook");

    assertThat(result).isInstanceOf(Delivered.class);
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void refusesAHostWhoseEveryAddressIsRefused() {
    DnsResolver rebinding = fakeResolver("rebind.example", "192.168.0.10", "127.0.0.1");

    HttpResult result =
        sendWith(
            EgressPolicy.publicOnly(), rebinding, "http://rebind.example:" + receiver.port() + "/");

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo("refused: 192.168.0.10 is a private address");
            });
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void reportsAnUnknownHostInPlainWords() {
    DnsResolver nothing = fakeResolver("some.other.host", "127.0.0.1");

    HttpResult result = sendWith(EgressPolicy.publicOnly(), nothing, "https://nosuch.example/");

    assertThat(result)
        .isInstanceOfSatisfying(
            Failed.class,
            f -> {
              assertThat(f.error()).isEqualTo("unknown host nosuch.example");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/|unsupported URL scheme 'ftp': only http and https are allowed",
        "file:///etc/passwd|unsupported URL scheme 'file': only http and https are allowed",
        "https://user:secret@example.com/|URL must not contain credentials"
      })
  void refusesUrlsThatAreNotPlainHttpOrHttps(String urlAndError) {
    String[] parts = urlAndError.split("\\|");

    HttpResult result = sendWithoutAllowList(parts[0]);

    assertThat(result)
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.error()).isEqualTo(parts[1]));
  }

  @Test
  void refusesAHeaderValueWithALineBreak() {
    try (HttpSender sender = new HttpSender(CONFIG, EgressPolicy.fromAllowList("127.0.0.0/8"))) {
      HttpResult result =
          sender.send(
              new WebhookRequest(
                  receiver.url("/"), Map.of("x-custom", "a\r\nx-injected: 1"), new byte[0]),
              TIMEOUT);

      assertThat(result)
          .isInstanceOfSatisfying(
              Failed.class,
              f -> assertThat(f.error()).isEqualTo("invalid value for header 'x-custom'"));
    }
    assertThat(receiver.received()).isEmpty();
  }

  /** Resolves only {@code host}, to {@code addresses}, without touching DNS. */
  private static DnsResolver fakeResolver(String host, String... addresses) {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String name) throws UnknownHostException {
        if (!name.equals(host)) {
          throw new UnknownHostException(name);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
          resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
      }

      @Override
      public String resolveCanonicalHostname(String name) {
        return name;
      }
    };
  }
}
