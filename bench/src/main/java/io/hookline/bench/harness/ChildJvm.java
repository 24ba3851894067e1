package io.hookline.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for JVMs the bench starts on its own classpath (dispatcher, raw sender). */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  static Path logDir() {
    return Path.of(System.getProperty("hookline.bench.logDir", "bench/target/logs"));
  }
}
