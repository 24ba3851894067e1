package io.hookline.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies flow one way: services → core → schemas; no service imports another. */
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
          java.util.Arrays.stream(SERVICES).filter(s -> !s.equals(service)).toArray(String[]::new);
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
}
