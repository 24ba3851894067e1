package io.hookline.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dependencies flow one way: services → core → schemas; no service imports another; a feature's
 * {@code internal} package is its own; shipped code never touches test libraries.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.hookline");

  private static final String[] SERVICES = {
    "io.hookline.ingest..", "io.hookline.dispatcher..", "io.hookline.retry..", "io.hookline.cli.."
  };

  @Test
  void noServiceImportsAnotherService() {
    for (String service : SERVICES) {
      String[] others =
          Arrays.stream(SERVICES).filter(s -> !s.equals(service)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(service)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .because(
              "services share code only through core (move what both need into io.hookline.core)")
          .allowEmptyShould(true)
          .check(CLASSES);
    }
  }

  @Test
  void coreDependsOnNoService() {
    noClasses()
        .that()
        .resideInAPackage("io.hookline.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVICES)
        .because("core is shared by every service; a service type there would couple them all")
        .check(CLASSES);
  }

  @Test
  void schemasDependOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("io.hookline.schemas..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.hookline.core..",
            "io.hookline.ingest..",
            "io.hookline.dispatcher..",
            "io.hookline.retry..",
            "io.hookline.cli..")
        .because("schemas is the wire contract; everything depends on it, it on nothing of ours")
        .check(CLASSES);
  }

  @Test
  void anInternalPackageIsUsedOnlyByItsOwnFeature() {
    List<String> internals =
        CLASSES.stream()
            .map(JavaClass::getPackageName)
            .filter(p -> p.endsWith(".internal"))
            .distinct()
            .sorted()
            .toList();
    assertThat(internals).contains("io.hookline.dispatcher.internal", "io.hookline.retry.internal");
    for (String internal : internals) {
      String feature = internal.substring(0, internal.length() - ".internal".length());
      noClasses()
          .that()
          .resideOutsideOfPackage(feature + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(internal + "..")
          .because(
              internal
                  + " is "
                  + feature
                  + "'s own: use the feature's public types, or make what is needed public there")
          .check(CLASSES);
    }
  }

  @Test
  void shippedCodeUsesNoTestLibraryNorTheTestkit() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.hookline.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.hookline.testkit..",
            "org.junit..",
            "org.assertj..",
            "org.awaitility..",
            "org.testcontainers..",
            "org.apache.kafka.common.test..")
        .because("src/main ships; test libraries and the testkit are for src/test only")
        .check(CLASSES);
  }
}
