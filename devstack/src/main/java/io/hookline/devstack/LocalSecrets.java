package io.hookline.devstack;

import io.hookline.core.crypto.SecretBox;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The devstack's API token and master key, made once per data folder and kept in it ({@code
 * secrets.properties}, readable by its owner only): a restarted devstack opens the endpoint secrets
 * it sealed before, and the printed curl commands keep working. Variables set by the user win.
 */
record LocalSecrets(String apiToken, String masterKey) {
  private static final String FILE = "secrets.properties";

  /** The secrets kept in {@code dataDir}, made and written there on its first use. */
  static LocalSecrets in(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      }
      String token = p.getProperty("apiToken");
      String key = p.getProperty("masterKey");
      if (token != null && key != null) {
        return new LocalSecrets(token, key);
      }
    }
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    LocalSecrets made =
        new LocalSecrets("dev_" + HexFormat.of().formatHex(random), SecretBox.generateMasterKey());
    Properties p = new Properties();
    p.setProperty("apiToken", made.apiToken);
    p.setProperty("masterKey", made.masterKey);
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp); // not a POSIX file system
    }
    try (Writer out = Files.newBufferedWriter(tmp)) {
      p.store(out, "Hookline devstack secrets: keep private; delete the folder to start afresh");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return made;
  }

  @Override
  public String toString() {
    return "LocalSecrets[****]";
  }
}
