package dev.frontier.transforms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the library, checked on its compiled classes (ArchUnit): what docs/DESIGN.md and the README's
 * "Layout" describe, so that a change that breaks it fails the build instead of drifting the design.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.frontier.transforms";
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void nothingOutsideBeamImportsBeam() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".beam..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.beam..")
        .because("the compression, measurement and Pareto logic runs without Beam (and is tested without it)")
        .check(classes);
  }

  @Test
  void layersPointOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("sweep").definedBy(ROOT + ".beam.sweep..")
        .layer("beam train").definedBy(ROOT + ".beam.train..")
        .layer("candidate").definedBy(ROOT + ".beam.candidate..")
        .layer("io").definedBy(ROOT + ".beam.io..")
        .layer("library").definedBy(ROOT + ".model..", ROOT + ".data..", ROOT + ".compress..",
            ROOT + ".calibrate..", ROOT + ".measure..", ROOT + ".pareto..", ROOT + ".config..",
            ROOT + ".results..", ROOT + ".report..", ROOT + ".train..", ROOT + ".tflite..")
        .whereLayer("sweep").mayNotBeAccessedByAnyLayer()
        .whereLayer("beam train").mayNotBeAccessedByAnyLayer()
        .whereLayer("candidate").mayOnlyBeAccessedByLayers("sweep")
        .whereLayer("io").mayOnlyBeAccessedByLayers("sweep", "beam train", "candidate")
        .whereLayer("library").mayOnlyBeAccessedByLayers("sweep", "beam train", "candidate", "io")
        .check(classes);
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    slices().matching(ROOT + ".beam.(*)..").should().beFreeOfCycles().check(classes);
  }
}
