package dev.frontier.transforms.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a UTF-8 CSV file (RFC 4180: comma separated, optional double quotes, {@code ""} for a quote inside
 * quotes, quoted fields may span lines, LF / CRLF / CR line ends, optional byte-order mark) into records.
 * Blank lines are skipped. Each record knows the 1-based line it starts on, for error messages.
 */
final class CsvRecords implements Closeable {
  private static final char SEPARATOR = ',';
  private static final char QUOTE = '"';
  private static final char REPLACEMENT = '\uFFFD';

  private final Path file;
  private final BufferedReader in;
  private int line = 1;
  private int recordLine;
  private boolean atStart = true;

  CsvRecords(Path file) throws IOException {
    this.file = file;
    // Bad bytes decode to U+FFFD, reported by read() with the line they are on (a REPORTing decoder fails
    // a whole buffer ahead, at the wrong line).
    this.in = new BufferedReader(new InputStreamReader(DataFileStreams.open(file), StandardCharsets.UTF_8));
  }

  /** Line on which the record last returned by {@link #next()} starts. */
  int recordLine() { return recordLine; }

  /** The next non-blank record's fields, or null at the end of the file. */
  List<String> next() throws IOException {
    List<String> fields;
    do {
      fields = readRecord();
    } while (fields != null && fields.size() == 1 && fields.get(0).isEmpty());
    return fields;
  }

  private List<String> readRecord() throws IOException {
    int c = read();
    if (c < 0) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      if (c == QUOTE && field.length() == 0) {
        c = readQuoted(field);
      }
      if (c < 0 || c == '\n' || c == '\r') {
        fields.add(field.toString());
        endLine(c);
        return fields;
      } else if (c == SEPARATOR) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }

  /** Reads a quoted field's content after its opening quote; returns the character after the closing quote. */
  private int readQuoted(StringBuilder field) throws IOException {
    int startLine = line;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new IOException(file + ":" + startLine + ": quoted field is never closed");
      } else if (c == QUOTE) {
        int next = read();
        if (next != QUOTE) {
          if (next >= 0 && next != SEPARATOR && next != '\n' && next != '\r') {
            throw new IOException(file + ":" + line + ": unexpected '" + (char) next + "' after a closing quote");
          }
          return next;
        }
        field.append(QUOTE);
      } else {
        if (c == '\n' || (c == '\r' && !peekNewline())) {
          line++;
        }
        field.append((char) c);
      }
    }
  }

  private void endLine(int c) throws IOException {
    if (c == '\r') {
      in.mark(1);
      if (in.read() != '\n') {
        in.reset();
      }
    }
    if (c >= 0) {
      line++;
    }
  }

  private boolean peekNewline() throws IOException {
    in.mark(1);
    boolean newline = in.read() == '\n';
    in.reset();
    return newline;
  }

  private int read() throws IOException {
    int c = in.read();
    if (c == REPLACEMENT) {
      throw new IOException(file + ":" + line + ": not valid UTF-8 (or contains U+FFFD)");
    }
    if (atStart) {
      atStart = false;
      if (c == '\uFEFF') {
        c = in.read();
      }
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
