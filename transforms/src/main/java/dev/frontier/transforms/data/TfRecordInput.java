package dev.frontier.transforms.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Reads the records of one TFRecord file one at a time, verifying both CRCs. Compression (none, gzip or
 * zlib, as TF writes them) is detected from the content: a valid uncompressed record header wins, since its
 * length CRC cannot match by accident, then the gzip and zlib magic bytes.
 */
final class TfRecordInput implements Closeable {
  private final Path file;
  private final InputStream in;
  private final byte[] header = new byte[TfRecordFormat.HEADER_BYTES];
  private final byte[] crc = new byte[TfRecordFormat.CRC_BYTES];
  private int index;

  TfRecordInput(Path file) throws IOException {
    this.file = file;
    BufferedInputStream raw = new BufferedInputStream(DataFileStreams.newInputStream(file), DataFileStreams.BUFFER_BYTES);
    try {
      byte[] head = DataFileStreams.peek(raw, TfRecordFormat.HEADER_BYTES);
      if (TfRecordFormat.isRecordHeader(head)) {
        in = raw;
      } else if (DataFileStreams.isGzip(head)) {
        in = new BufferedInputStream(new GZIPInputStream(raw, DataFileStreams.BUFFER_BYTES), DataFileStreams.BUFFER_BYTES);
      } else if (TfRecordFormat.isZlib(head)) {
        in = new BufferedInputStream(new InflaterInputStream(raw), DataFileStreams.BUFFER_BYTES);
      } else {
        in = raw;
      }
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw new IOException(file + ": cannot open TFRecord file: " + e.getMessage(), e);
    }
  }

  /** Index (0-based) of the record the next call to {@link #next()} reads. */
  int index() { return index; }

  /** The next record's data, or null at a clean end of file. */
  byte[] next() throws IOException {
    try {
      int got = in.readNBytes(header, 0, header.length);
      if (got == 0) {
        return null;
      }
      if (got < header.length) {
        throw error("truncated: file ends inside the 12-byte record header");
      }
      if (TfRecordFormat.maskedCrc32c(header, 0, TfRecordFormat.LENGTH_BYTES)
          != TfRecordFormat.readIntLe(header, TfRecordFormat.LENGTH_BYTES)) {
        throw error("corrupt: length CRC mismatch");
      }
      long length = TfRecordFormat.readLongLe(header, 0);
      if (length < 0 || length > Integer.MAX_VALUE - 16) {
        throw error("record of " + Long.toUnsignedString(length) + " bytes is too large to read");
      }
      byte[] data = in.readNBytes((int) length);
      if (data.length < length || in.readNBytes(crc, 0, crc.length) < crc.length) {
        throw error("truncated: file ends inside a record of " + length + " bytes");
      }
      if (TfRecordFormat.maskedCrc32c(data, 0, data.length) != TfRecordFormat.readIntLe(crc, 0)) {
        throw error("corrupt: data CRC mismatch");
      }
      index++;
      return data;
    } catch (TfRecordException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(file + ": record " + index + ": cannot read (truncated or corrupt compressed file?): "
          + e.getMessage(), e);
    }
  }

  private IOException error(String message) {
    return new TfRecordException(file + ": record " + index + ": " + message);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Our own errors, already carrying file and record index. */
  private static final class TfRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    TfRecordException(String message) {
      super(message);
    }
  }
}
