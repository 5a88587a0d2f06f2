package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
  /** One 2x3x2 (HWC) image whose value at (y, x, k) is 100y + 10x + k. */
  private static final float[] HWC = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};
  /** The same image channels-first: (k, y, x). */
  private static final float[] CHW = {0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121};

  private static Dataset one(String name, float[] row) {
    return new Dataset(name, List.of(), new float[][] {row}, new int[] {3});
  }

  @Test
  void scaleOneOver255IsExactlyDivisionBy255() {
    float[] pixels = new float[256];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i;
    }
    float[] scaled = Preprocessing.builder().scale(1.0 / 255).build().apply(one("p", pixels)).features()[0];
    for (int i = 0; i < pixels.length; i++) {
      assertEquals(i / 255f, scaled[i], 0f, "pixel " + i);
    }
  }

  @Test
  void scaleThenOffset() {
    Preprocessing p = Preprocessing.builder().scale(1 / 127.5).offset(-1).build();
    Dataset out = p.apply(one("p", new float[] {0, 127.5f, 255}));
    assertArrayEquals(new float[] {-1f, 0f, 1f}, out.features()[0]);
    assertArrayEquals(new int[] {3}, out.labels());
    assertEquals("p", out.name(), "the name identifies the source dataset for splits");
  }

  @Test
  void identityKeepsRawValues() {
    float[] row = {0.1f, 255f};
    Dataset in = one("p", row);
    Dataset out = Preprocessing.NONE.apply(in);
    assertNotSame(in, out);
    assertSame(row, out.features()[0]);
    assertTrue(Preprocessing.NONE.isIdentity());
  }

  @Test
  void hwcToChw() {
    Preprocessing p = Preprocessing.builder().rowShape(2, 3, 2).layout(Preprocessing.Layout.HWC, Preprocessing.Layout.CHW)
        .build();
    assertArrayEquals(CHW, p.apply(one("img", HWC)).features()[0]);
    assertArrayEquals(new int[] {2, 2, 3}, p.outputRowShape());
  }

  @Test
  void chwToHwcWithScale() {
    Preprocessing p = Preprocessing.builder().rowShape(2, 2, 3).layout(Preprocessing.Layout.CHW, Preprocessing.Layout.HWC)
        .scale(0.5).build();
    float[] half = new float[HWC.length];
    for (int i = 0; i < half.length; i++) {
      half[i] = HWC[i] / 2;
    }
    assertArrayEquals(half, p.apply(one("img", CHW)).features()[0]);
    assertArrayEquals(new int[] {2, 3, 2}, p.outputRowShape());
  }

  @Test
  void sameLayoutOnBothSidesChangesNothing() {
    Preprocessing p = Preprocessing.builder().rowShape(2, 3, 2).layout(Preprocessing.Layout.HWC, Preprocessing.Layout.HWC)
        .build();
    assertTrue(p.isIdentity());
    assertArrayEquals(HWC, p.apply(one("img", HWC)).features()[0]);
  }

  @Test
  void transpositionMovesFeatureNamesWithTheirValues() {
    Dataset named = new Dataset("t", List.of("a0", "a1", "b0", "b1"), new float[][] {{1, 2, 3, 4}}, new int[] {0});
    Preprocessing p = Preprocessing.builder().rowShape(1, 2, 2).layout(Preprocessing.Layout.HWC, Preprocessing.Layout.CHW)
        .build();
    Dataset out = p.apply(named);
    assertArrayEquals(new float[] {1, 3, 2, 4}, out.features()[0]);
    assertEquals(List.of("a0", "b0", "a1", "b1"), out.featureNames());
  }

  @Test
  void shapeMismatchNamesDatasetAndBothShapes() {
    Preprocessing p = Preprocessing.builder().rowShape(28, 28, 1).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.apply(one("mnist", new float[785])));
    assertTrue(e.getMessage().contains("'mnist'") && e.getMessage().contains("[28, 28, 1]")
        && e.getMessage().contains("[785]"), e.getMessage());
    assertEquals(1, p.apply(one("mnist", new float[784])).size());
  }

  @Test
  void invalidSpecsAreRejectedWithTheField() {
    assertThrows(IllegalArgumentException.class, () -> Preprocessing.builder().scale(0).build());
    assertThrows(IllegalArgumentException.class, () -> Preprocessing.builder().offset(Double.NaN).build());
    assertThrows(IllegalArgumentException.class, () -> Preprocessing.builder().rowShape(28, 0).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preprocessing.builder().layout(Preprocessing.Layout.HWC, Preprocessing.Layout.CHW).rowShape(28, 28).build());
    assertTrue(e.getMessage().contains("preprocessing.layout"), e.getMessage());
    assertEquals(Preprocessing.Layout.CHW, Preprocessing.Layout.parse(" chw "));
    assertThrows(IllegalArgumentException.class, () -> Preprocessing.Layout.parse("nhwc"));
  }

  @Test
  void survivesJavaSerializationAndToBuilder() throws IOException, ClassNotFoundException {
    Preprocessing p = Preprocessing.builder().scale(1.0 / 255).offset(0.5).rowShape(4, 4, 3)
        .layout(Preprocessing.Layout.HWC, Preprocessing.Layout.CHW).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    Object back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(p, back);
    assertEquals(p, p.toBuilder().build());
    assertTrue(!p.equals(p.toBuilder().offset(0).build()));
  }
}
