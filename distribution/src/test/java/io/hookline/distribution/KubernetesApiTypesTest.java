package io.hookline.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every object under {@code deploy/k8s} is read as its Kubernetes API type (the fabric8 model of
 * the API): an unknown or misspelt field, which the API server would drop or refuse, fails here.
 */
class KubernetesApiTypesTest {
  private static final Path K8S = Path.of("..").toAbsolutePath().normalize().resolve("deploy/k8s");
  private static final Map<String, Class<?>> TYPES =
      Map.of(
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "batch/v1/Job", Job.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  @Test
  void everyObjectIsAKnownKubernetesTypeWithNoUnknownField() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    int objects = 0;
    try (Stream<Path> files = Files.walk(K8S)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        for (Object doc : new Yaml().loadAll(Files.readString(f))) {
          Map<?, ?> m = (Map<?, ?>) doc;
          String type = m.get("apiVersion") + "/" + m.get("kind");
          assertThat(TYPES).as(f + ": a Kubernetes type this test knows").containsKey(type);
          Object object = mapper.convertValue(doc, TYPES.get(type));
          List<String> unknown = new ArrayList<>();
          unknownFields(
              object, K8S.relativize(f) + ":" + m.get("kind"), unknown, new IdentityHashMap<>());
          assertThat(unknown).as("fields the Kubernetes API does not have").isEmpty();
          objects++;
        }
      }
    }
    assertThat(objects).isEqualTo(10);
  }

  /** Walks the model; every {@code additionalProperties} entry is a field the API lacks. */
  private static void unknownFields(
      Object o, String path, List<String> out, Map<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(e, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : o.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + ": " + Set.copyOf(extra.keySet()));
        }
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), out, seen);
      }
    }
  }
}
