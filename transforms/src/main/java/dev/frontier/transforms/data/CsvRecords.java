package dev.frontier.transforms.data;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The records of a UTF-8 CSV file as Apache Commons CSV parses them (RFC 4180: comma separated, optional
 * double quotes, {@code ""} for a quote inside quotes, quoted fields may span lines, LF / CRLF / CR line ends),
 * with an optional byte-order mark dropped and blank lines skipped. Each record knows the 1-based line it
 * starts on, and every problem (an unclosed quote, text after a closing quote, bytes that are not UTF-8) is an
 * {@link IOException} that starts with {@code file:line:}.
 */
final class CsvRecords implements Closeable {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).build();
  /** Commons CSV's messages carry the line; these find it to put it where our messages have it. */
  private static final Pattern START_LINE = Pattern.compile("\\(startline (\\d+)\\)");
  private static final Pattern AT_LINE = Pattern.compile("at line: (\\d+)");

  private final Path file;
  private final LineStarts lines;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private int recordLine;

  CsvRecords(Path file) throws IOException {
    this.file = file;
    // Bad bytes decode to U+FFFD, which LineStarts reports with the line they are on.
    Reader utf8 = new InputStreamReader(BOMInputStream.builder().setInputStream(DataFileStreams.open(file)).get(),
        StandardCharsets.UTF_8);
    this.lines = new LineStarts(utf8, file);
    this.parser = FORMAT.parse(lines);
    this.records = parser.iterator();
  }

  /** Line on which the record last returned by {@link #next()} starts. */
  int recordLine() {
    return recordLine;
  }

  /** The next non-blank record's fields, or null at the end of the file. */
  List<String> next() throws IOException {
    try {
      if (!records.hasNext()) {
        return null;
      }
      CSVRecord record = records.next();
      recordLine = lines.lineAt(record.getCharacterPosition());
      return record.toList();
    } catch (UncheckedIOException e) {
      throw describe(e.getCause());
    } catch (IllegalStateException e) {
      throw describe(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
  }

  /** Commons CSV's message for {@code e}, rewritten as {@code file:line: problem}. */
  private IOException describe(IOException e) {
    if (e instanceof BadBytes bad) {
      return bad;
    }
    String message = String.valueOf(e.getMessage());
    Matcher start = START_LINE.matcher(message);
    if (message.contains("EOF reached before encapsulated token finished") && start.find()) {
      return new IOException(file + ":" + start.group(1) + ": quoted field is never closed", e);
    }
    Matcher at = AT_LINE.matcher(message);
    if (message.contains("between encapsulated token and delimiter") && at.find()) {
      return new IOException(file + ":" + at.group(1) + ": unexpected text after a closing quote", e);
    }
    return new IOException(file + ": " + message, e);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }

  /**
   * A reader that notes where each line starts (by character position) and which lines hold more than a line
   * end, and refuses U+FFFD.
   */
  private static final class LineStarts extends FilterReader {
    private final Path file;
    private long[] starts = {0};
    private int count = 1;
    private final BitSet nonBlank = new BitSet();
    private long position;
    private boolean afterCr;

    LineStarts(Reader in, Path file) {
      super(in);
      this.file = file;
    }

    /**
     * The 1-based line of the record that starts at character position {@code p} (of the text after any
     * byte-order mark). A record's position can be that of blank lines the parser skipped before it; those
     * are skipped here too.
     */
    int lineAt(long p) {
      int i = Arrays.binarySearch(starts, 0, count, p);
      int line = i >= 0 ? i : -i - 2;
      while (!nonBlank.get(line) && line + 1 < count) {
        line++;
      }
      return line + 1;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      for (int i = offset; i < offset + Math.max(n, 0); i++) {
        char c = buffer[i];
        if (afterCr && c != '\n') {
          lineStartsAt(position);
        }
        afterCr = c == '\r';
        position++;
        if (c == '\n') {
          lineStartsAt(position);
        } else if (c == '\uFFFD') {
          throw new BadBytes(file + ":" + count + ": not valid UTF-8 (or contains U+FFFD)");
        } else if (c != '\r') {
          nonBlank.set(count - 1);
        }
      }
      return n;
    }

    private void lineStartsAt(long p) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, 2 * count);
      }
      starts[count++] = p;
    }
  }

  /** Bytes that are not UTF-8, already described with file and line. */
  private static final class BadBytes extends IOException {
    BadBytes(String message) {
      super(message);
    }
  }
}
