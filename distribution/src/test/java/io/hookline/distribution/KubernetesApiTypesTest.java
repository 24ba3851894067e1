package io.hookline.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every object under {@code deploy/k8s}, in the base and the overlays, resources and patches, is
 * read as its API type: Kubernetes' own kinds as the fabric8 model of the API, and the two custom
 * kinds as the fields of their published CRDs ({@link CustomKinds}). An unknown or misspelt field,
 * which the API server would drop or refuse, fails here.
 */
class KubernetesApiTypesTest {
  private static final Map<String, Class<?>> TYPES =
      Map.of(
          "apps/v1/Deployment", Deployment.class,
          "apps/v1/StatefulSet", StatefulSet.class,
          "batch/v1/Job", Job.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "keda.sh/v1alpha1/ScaledObject", CustomKinds.ScaledObject.class,
          "kafka.strimzi.io/v1/KafkaTopic", CustomKinds.KafkaTopic.class);

  @Test
  void everyObjectIsAKnownApiTypeWithNoUnknownField() throws IOException {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    for (Path dir : Kustomizations.all()) {
      List<Path> files = new ArrayList<>(Kustomizations.resourceFiles(dir));
      files.addAll(Kustomizations.patchFiles(dir));
      for (Path f : files) {
        List<Map<String, Object>> docs = Kustomizations.documents(f);
        assertThat(docs).as(f + " holds objects").isNotEmpty();
        for (Map<String, Object> doc : docs) {
          Map<String, Object> object = new LinkedHashMap<>(doc);
          object.remove("$patch"); // a strategic-merge directive, not a field
          String type = object.get("apiVersion") + "/" + object.get("kind");
          assertThat(TYPES).as(f + ": a type this test knows").containsKey(type);
          Object typed = mapper.convertValue(object, TYPES.get(type));
          List<String> unknown = new ArrayList<>();
          unknownFields(
              typed,
              Kustomizations.K8S.relativize(f) + ":" + object.get("kind"),
              unknown,
              new IdentityHashMap<>());
          assertThat(unknown).as("fields the API does not have").isEmpty();
        }
      }
    }
  }

  @Test
  void everyYamlFileUnderDeployK8sIsPartOfAKustomization() throws IOException {
    Set<Path> listed = new HashSet<>();
    for (Path dir : Kustomizations.all()) {
      listed.add(dir.resolve("kustomization.yaml"));
      listed.addAll(Kustomizations.resourceFiles(dir));
      listed.addAll(Kustomizations.patchFiles(dir));
    }
    try (Stream<Path> files = Files.walk(Kustomizations.K8S)) {
      List<Path> orphans =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(p -> !listed.contains(p))
              .toList();
      assertThat(orphans).as("files no kustomization uses (and no test reads)").isEmpty();
    }
  }

  @Test
  void aMisspeltFieldIsFound() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("terminationGracePeriodSecond", 60);
    Map<String, Object> job =
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "Job",
            "metadata",
            Map.of("name", "x"),
            "spec",
            Map.of("template", Map.of("spec", spec)));
    List<String> unknown = new ArrayList<>();

    unknownFields(
        new ObjectMapper().convertValue(job, Job.class), "job", unknown, new IdentityHashMap<>());

    assertThat(unknown).singleElement().asString().contains("terminationGracePeriodSecond");
  }

  /**
   * Walks the model; every {@code additionalProperties} entry of a fabric8 object is a field the
   * API lacks (the custom kinds' records refuse unknown fields while they are read).
   */
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
    if (o instanceof Record r) {
      for (RecordComponent component : r.getClass().getRecordComponents()) {
        try {
          unknownFields(
              component.getAccessor().invoke(r), path + "." + component.getName(), out, seen);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
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
