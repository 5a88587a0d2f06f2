package dev.frontier.transforms.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ArchitectureSpecTest {
  private static final ArchitectureSpec SPEC = ArchitectureSpec.of("m", ArchitectureKind.CNN_BN, 16, 3, 128, 2e-3f, 42);

  @Test
  void kindsParseFromTheirConfigNames() {
    for (ArchitectureKind kind : ArchitectureKind.values()) {
      assertEquals(kind, ArchitectureKind.fromConfigName(kind.configName()));
    }
    assertThrows(IllegalArgumentException.class, () -> ArchitectureKind.fromConfigName("resnet"));
  }

  @Test
  void badValuesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.of("a/b", ArchitectureKind.MLP, 1, 1, 1, 1f, 0));
    assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.of("m", ArchitectureKind.MLP, 0, 1, 1, 1f, 0));
    assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.of("m", ArchitectureKind.MLP, 1, 1, 1, 0f, 0));
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(SPEC);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(SPEC, in.readObject());
    }
    assertNotEquals(SPEC, SPEC.withSeed(1));
  }
}
