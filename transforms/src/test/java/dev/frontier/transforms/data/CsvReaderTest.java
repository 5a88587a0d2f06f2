package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path dir;

  private Path csv(String content) throws IOException {
    return Files.writeString(dir.resolve("t.csv"), content);
  }

  private IOException failure(String content, String label, List<String> features) throws IOException {
    Path file = csv(content);
    IOException e = assertThrows(IOException.class, () -> CsvReader.read("t", file, label, features));
    assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
    return e;
  }

  private static void assertMentions(IOException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void defaultFeaturesAreAllButTheLabelInFileOrder() throws IOException {
    Dataset d = CsvReader.read("t", csv("a,y,b\n1,0,2.5\n-3e-1,2,.5\n"), "y");
    assertEquals(List.of("a", "b"), d.featureNames());
    assertArrayEquals(new float[] {1f, 2.5f}, d.features()[0]);
    assertArrayEquals(new float[] {-0.3f, 0.5f}, d.features()[1]);
    assertArrayEquals(new int[] {0, 2}, d.labels());
  }

  @Test
  void featuresInTheOrderGiven() throws IOException {
    Dataset d = CsvReader.read("t", csv("a,b,c,y\n1,2,3,1\n"), "y", List.of("c", "a"));
    assertEquals(List.of("c", "a"), d.featureNames());
    assertArrayEquals(new float[] {3f, 1f}, d.features()[0]);
  }

  @Test
  void quotedFieldsCrlfBomAndBlankLines() throws IOException {
    String content = "\uFEFF\"a\",\"odd, \"\"name\"\"\",y\r\n\r\n\" 1.5 \",2,\"x\ny\"\r\n3,4,z\r\n";
    Dataset d = CsvReader.read("t", csv(content), "y");
    assertEquals(List.of("a", "odd, \"name\""), d.featureNames());
    assertArrayEquals(new float[] {1.5f, 2f}, d.features()[0]);
    assertArrayEquals(new float[] {3f, 4f}, d.features()[1]);
    assertArrayEquals(new int[] {0, 1}, d.labels(), "names 'x\\ny' < 'z' sorted");
  }

  @Test
  void classNamesMapToSortedIds() throws IOException {
    Dataset d = CsvReader.read("t", csv("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n"), "species");
    assertArrayEquals(new int[] {2, 0, 1, 0}, d.labels());
  }

  @Test
  void givenClassNamesFixTheIds() throws IOException {
    Dataset d = CsvReader.read("t", csv("x,s\n1,b\n2,a\n"), "s", List.of(), List.of("b", "a"));
    assertArrayEquals(new int[] {0, 1}, d.labels());
  }

  @Test
  void unknownClassNameNamesTheLine() throws IOException {
    Path file = csv("x,s\n1,b\n2,c\n");
    IOException e = assertThrows(IOException.class,
        () -> CsvReader.read("t", file, "s", List.of(), List.of("a", "b")));
    assertMentions(e, file.toString(), "line 3", "'c'", "column 's'");
  }

  @Test
  void gzippedFile() throws IOException {
    Path file = dir.resolve("t.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("a,y\n7,1\n".getBytes(StandardCharsets.UTF_8));
    }
    Dataset d = CsvReader.read("t", file, "y");
    assertArrayEquals(new float[] {7f}, d.features()[0]);
  }

  @Test
  void headerOnlyGivesAnEmptyDataset() throws IOException {
    Dataset d = CsvReader.read("t", csv("a,y\n"), "y");
    assertEquals(0, d.size());
    assertEquals(List.of("a"), d.featureNames());
  }

  @Test
  void missingLabelColumn() throws IOException {
    assertMentions(failure("a,b\n1,2\n", "y", List.of()), ":1:", "no column 'y'", "[a, b]");
  }

  @Test
  void missingFeatureColumn() throws IOException {
    assertMentions(failure("a,y\n1,2\n", "y", List.of("a", "c")), ":1:", "no column 'c'");
  }

  @Test
  void nonNumericValueNamesLineAndColumn() throws IOException {
    assertMentions(failure("a,b,y\n1,2,0\n3,abc,1\n", "y", List.of()), ":3,", "column 'b' (2)", "'abc'");
  }

  @Test
  void javaFloatSyntaxIsNotADecimalNumber() throws IOException {
    assertMentions(failure("a,y\n1f,0\n", "y", List.of()), ":2,", "'1f'");
  }

  @Test
  void emptyValue() throws IOException {
    assertMentions(failure("a,b,y\n1,,0\n", "y", List.of()), ":2,", "column 'b'", "empty value");
  }

  @Test
  void outOfFloatRange() throws IOException {
    assertMentions(failure("a,y\n1e39,0\n", "y", List.of()), ":2,", "column 'a'", "out of float range");
  }

  @Test
  void raggedRowNamesTheLine() throws IOException {
    assertMentions(failure("a,b,y\n1,2,0\n\n1,2\n", "y", List.of()), ":4:", "2 fields", "header has 3");
  }

  @Test
  void lineNumbersCountLinesInsideQuotedFields() throws IOException {
    assertMentions(failure("a,y\n\"1\r\n\",0\n1\n", "y", List.of()), ":4:", "1 fields");
  }

  @Test
  void unclosedQuoteNamesTheLineItStarts() throws IOException {
    assertMentions(failure("a,y\n1,0\n\"2,1\n3,1\n", "y", List.of()), ":3:", "never closed");
  }

  @Test
  void textAfterClosingQuote() throws IOException {
    assertMentions(failure("a,y\n\"1\"x,0\n", "y", List.of()), ":2:", "after a closing quote");
  }

  @Test
  void negativeLabelIsNotAClassId() throws IOException {
    assertMentions(failure("a,y\n1,0\n2,-1\n", "y", List.of()), "line 3", "'-1'");
  }

  @Test
  void mixedIntegerAndNameLabels() throws IOException {
    assertMentions(failure("a,y\n1,0\n2,cat\n", "y", List.of()), "line 2: '0'", "line 3: 'cat'");
  }

  @Test
  void labelListedAsFeature() throws IOException {
    assertMentions(failure("a,y\n1,0\n", "y", List.of("a", "y")), "also listed as a feature");
  }

  @Test
  void duplicateHeaderColumn() throws IOException {
    assertMentions(failure("a,a,y\n1,2,0\n", "y", List.of()), "'a' appears twice", "columns 1 and 2");
  }

  @Test
  void emptyFile() throws IOException {
    assertMentions(failure("", "y", List.of()), "empty file");
  }

  @Test
  void invalidUtf8NamesTheLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.write(file, new byte[] {'a', ',', 'y', '\n', (byte) 0xff, ',', '0', '\n'});
    IOException e = assertThrows(IOException.class, () -> CsvReader.read("t", file, "y"));
    assertMentions(e, file + ":2", "UTF-8");
  }

  @Test
  void readsTheSharedIrisFile() throws IOException {
    Path iris = SharedFixtures.root().resolve("data").resolve("iris").resolve("iris.csv");
    assumeTrue(Files.exists(iris), "shared Iris data not present");
    Dataset d = CsvReader.read("iris", iris, "variety");
    assertEquals(150, d.size());
    assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), d.featureNames());
    assertArrayEquals(new float[] {5.1f, 3.4f, 1.5f, 0.2f}, d.features()[0]);
    assertEquals(3, java.util.Arrays.stream(d.labels()).distinct().count());
  }
}
