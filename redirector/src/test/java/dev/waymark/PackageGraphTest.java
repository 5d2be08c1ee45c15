package dev.waymark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md ("Package map"), over the main classes of every module on
 * this classpath (redirector, analytics-sink, qr-generator): no cycle between packages, and a
 * sub-package takes from its parent only the contracts the parent defines for it.
 */
class PackageGraphTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.waymark");

  @Test
  void packages_formNoCycle() {
    slices().matching("dev.waymark.(**)").namingSlices("$1")
        .should().beFreeOfCycles()
        .check(MAIN);
  }

  @Test
  void subPackages_takeFromTheirParentOnlyInterfacesRecordsAndEnums() {
    classes().should(takeFromParentOnlyContracts()).check(MAIN);
  }

  @Test
  void theRulesSeeEveryModule() {
    // A rule over nothing passes: make sure the sink's and the QR generator's classes are imported.
    assertThat(MAIN.containPackage("dev.waymark.hit")).isTrue();
    assertThat(MAIN.containPackage("dev.waymark.qr")).isTrue();
    assertThat(MAIN.containPackage("dev.waymark.admin")).isTrue();
  }

  private static ArchCondition<JavaClass> takeFromParentOnlyContracts() {
    return new ArchCondition<>("take from their parent package only interfaces, records and enums") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        String pkg = type.getPackageName();
        int dot = pkg.lastIndexOf('.');
        String parent = dot < 0 ? "" : pkg.substring(0, dot);
        if (!parent.startsWith("dev.waymark")) {
          return;
        }
        for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
          JavaClass target = dependency.getTargetClass().getBaseComponentType();
          if (target.getPackageName().equals(parent) && !isContract(target)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  /** An interface, record or enum, or a type nested in one (such as a record's own nested record). */
  private static boolean isContract(JavaClass type) {
    boolean contract = type.isInterface() || type.isEnum()
        || type.getRawSuperclass().map(s -> s.isEquivalentTo(Record.class)).orElse(false);
    return contract || type.getEnclosingClass().map(PackageGraphTest::isContract).orElse(false);
  }
}
