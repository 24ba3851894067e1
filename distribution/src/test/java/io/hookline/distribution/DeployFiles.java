package io.hookline.distribution;

import io.hookline.cli.Hookline;
import io.hookline.core.config.Env;
import io.hookline.core.config.KafkaConfig;
import io.hookline.devstack.DemoReceiver;
import io.hookline.dispatcher.DispatcherConfig;
import io.hookline.ingest.IngestConfig;
import io.hookline.retry.RetryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;

/** What the deployment files are checked against: the launcher's verbs and what services read. */
final class DeployFiles {
  /** A valid master key (bytes 0 to 31), for configurations that need one. */
  static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private static final Path LAUNCHER = Path.of("src/dist/bin/hookline");

  private DeployFiles() {}

  /** The names a verb's configuration asks for, given {@code vars} and the secrets it needs. */
  static Set<String> namesRead(String verb, Map<String, String> vars) {
    Map<String, String> given = new HashMap<>(vars);
    given.putIfAbsent("HOOKLINE_API_TOKEN", "deploy-files-token");
    given.putIfAbsent("HOOKLINE_MASTER_KEY", KEY);
    Env env = Env.of(given);
    Consumer<Env> reader =
        switch (verb) {
          case "ingest" -> IngestConfig::fromEnv;
          case "dispatcher" -> DispatcherConfig::fromEnv;
          case "retry" -> RetryConfig::fromEnv;
          case "demo-receiver" -> DemoReceiver::address;
          // The CLI's verbs read the Kafka settings (KafkaOptions).
          default -> KafkaConfig::fromEnv;
        };
    reader.accept(env);
    return env.namesAsked();
  }

  static boolean isRead(String name, Set<String> read) {
    return read.contains(name)
        || read.stream()
            .anyMatch(r -> r.endsWith("*") && name.startsWith(r.substring(0, r.length() - 1)));
  }

  /** The verbs of {@code bin/hookline}: its own, and the CLI's subcommands. */
  static Set<String> verbs() throws IOException {
    Set<String> verbs = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^\\s+([a-z-]+)\\) main=").matcher(Files.readString(LAUNCHER));
    while (m.find()) {
      verbs.add(m.group(1));
    }
    for (Class<?> sub : Hookline.class.getAnnotation(Command.class).subcommands()) {
      Command c = sub.getAnnotation(Command.class);
      if (c != null) {
        verbs.add(c.name());
      }
    }
    return verbs;
  }
}
