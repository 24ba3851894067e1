package io.hookline.core.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams state directory that lives as long as its application instance: the stores are
 * rebuilt from their changelogs at the next start, so nothing is kept once the instance closes.
 */
public final class TempStateDir {
  private static final Logger log = LoggerFactory.getLogger(TempStateDir.class);

  private TempStateDir() {}

  /** A new, empty directory under the system's temporary folder, named {@code prefix…}. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code root} and everything in it; a failure is logged, never thrown. */
  public static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("could not delete {}: {}", root, e.toString());
    }
  }
}
