package dev.waymark.printrun;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A ZIP written to a hidden temporary file beside its destination that appears at the destination
 * only complete: {@link #commit()} syncs it to disk and renames it atomically over the destination.
 * Closing without a commit, a failure, or the JVM ending first (Ctrl-C) deletes the temporary file,
 * so the destination holds either the old file or the whole new one, never part of one.
 */
final class ZipDraft implements AutoCloseable {

  private final Path out;
  private final Path temp;
  private final FileChannel channel;
  private final ZipOutputStream zip;
  private final Thread cleanup;
  private boolean done;

  private ZipDraft(Path out, Path temp, FileChannel channel) {
    this.out = out;
    this.temp = temp;
    this.channel = channel;
    this.zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
    this.cleanup = new Thread(this::deleteTemp, "qr-batch-zip-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** Starts a draft of {@code out}; its directory must exist (so the rename stays on one file system). */
  static ZipDraft create(Path out) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
    try {
      return new ZipDraft(out, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  Path temp() {
    return temp;
  }

  /**
   * Adds one file; safe from several threads. PNG is stored as is (it is compressed already), the
   * rest deflated.
   */
  synchronized void put(String name, byte[] content) throws IOException {
    if (done) {
      throw new IllegalStateException("the draft of " + out + " is closed");
    }
    ZipEntry entry = new ZipEntry(name);
    if (name.endsWith(".png")) {
      CRC32 crc = new CRC32();
      crc.update(content);
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(content.length);
      entry.setCompressedSize(content.length);
      entry.setCrc(crc.getValue());
    }
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  /** Finishes the ZIP, forces it to disk, and renames it over the destination in one step. */
  synchronized void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("the draft of " + out + " is closed");
    }
    done = true;
    try {
      zip.finish();
      zip.flush();
      channel.force(true); // the rename must not reach the disk before the bytes do
      zip.close();
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
    removeHook();
  }

  /** Discards the draft unless it was committed. */
  @Override
  public synchronized void close() {
    if (!done) {
      done = true;
      discard();
    }
  }

  private void discard() {
    try {
      zip.close();
    } catch (IOException ignored) {
      // The file is deleted next; what it held no longer matters.
    }
    deleteTemp();
    removeHook();
  }

  private void deleteTemp() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // A leftover hidden .part file is harmless; the destination was never touched.
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to, and does the same.
    }
  }
}
