package io.hookline.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The kustomizations under {@code deploy/k8s} (the base and each overlay) as the files they list:
 * their own objects ({@code resources} that are files) and their {@code patches}. Rendering is
 * {@code kubectl kustomize}'s, where it is installed.
 */
final class Kustomizations {
  static final Path K8S = Path.of("..").toAbsolutePath().normalize().resolve("deploy/k8s");
  static final Path BASE = K8S.resolve("base");

  private Kustomizations() {}

  /** The base first, then every overlay, by name. */
  static List<Path> all() throws IOException {
    List<Path> out = new ArrayList<>(List.of(BASE));
    try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
      overlays
          .filter(d -> Files.exists(d.resolve("kustomization.yaml")))
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  static Path overlay(String name) {
    return K8S.resolve("overlays").resolve(name);
  }

  /** The files of {@code dir}'s own objects: its {@code resources} that are files. */
  static List<Path> resourceFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Object r : list(kustomization(dir).get("resources"))) {
      Path p = dir.resolve(String.valueOf(r)).normalize();
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The files of {@code dir}'s {@code patches}. */
  static List<Path> patchFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Object patch : list(kustomization(dir).get("patches"))) {
      Object path = ((Map<?, ?>) patch).get("path");
      if (path == null) {
        throw new AssertionError(dir + ": patches are files here, so that the build can read them");
      }
      out.add(dir.resolve(String.valueOf(path)).normalize());
    }
    return out;
  }

  static List<Map<String, Object>> resources(Path dir) throws IOException {
    return documents(resourceFiles(dir));
  }

  static List<Map<String, Object>> patches(Path dir) throws IOException {
    return documents(patchFiles(dir));
  }

  static List<Map<String, Object>> documents(List<Path> files) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(documents(f));
    }
    return out;
  }

  static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(file))) {
      if (doc != null) {
        out.add(cast(doc));
      }
    }
    return out;
  }

  /** The first object of {@code kind} named {@code name} among {@code docs}. */
  static Optional<Map<String, Object>> find(
      List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> kind.equals(d.get("kind")))
        .filter(d -> name.equals(cast(d.get("metadata")).get("name")))
        .findFirst();
  }

  /**
   * The {@code hookline-kafka} ConfigMap's data as {@code dir} leaves it: the base's, with the data
   * of {@code dir}'s patch of it on top (a strategic merge of a map is exactly that).
   */
  static Map<String, String> kafkaSettings(Path dir) throws IOException {
    Map<String, String> out = new HashMap<>();
    List<Map<String, Object>> layers = new ArrayList<>(resources(BASE));
    if (!dir.equals(BASE)) {
      layers.addAll(patches(dir));
    }
    for (Map<String, Object> doc : layers) {
      if ("ConfigMap".equals(doc.get("kind"))
          && "hookline-kafka".equals(cast(doc.get("metadata")).get("name"))) {
        cast(doc.get("data")).forEach((k, v) -> out.put(k, String.valueOf(v)));
      }
    }
    return out;
  }

  static Optional<Path> kubectl() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** {@code kubectl kustomize dir}'s objects; fails with kubectl's own words if it refuses. */
  static List<Map<String, Object>> render(Path kubectl, Path dir) throws Exception {
    Process p =
        new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("kubectl kustomize " + K8S.relativize(dir) + " failed:\n" + out);
    }
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(out)) {
      docs.add(cast(doc));
    }
    return docs;
  }

  private static Map<String, Object> kustomization(Path dir) throws IOException {
    return cast(new Yaml().load(Files.readString(dir.resolve("kustomization.yaml"))));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  private static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }
}
