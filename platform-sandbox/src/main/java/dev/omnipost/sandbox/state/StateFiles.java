package dev.omnipost.sandbox.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes one store's state file: its state fields (see {@link PersistentState}) as a
 * Java-serialized map from field name to value, written to a temporary file, fsynced, and renamed
 * over the old one, so a crash leaves either the old or the new state, never half of one.
 */
final class StateFiles {

  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);

  private StateFiles() {}

  /** The store's state now, serialized under its lock; null if it cannot be serialized. */
  static byte[] snapshot(PersistentState store) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    synchronized (store) {
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : stateFields(store.getClass())) {
          fields.put(field.getName(), field.get(store));
        }
        out.writeObject(fields);
      } catch (NotSerializableException e) {
        log.warn(
            "The sandbox cannot keep the state of {} on disk ({} is not Serializable); it stays in"
                + " memory only",
            store.stateName(),
            e.getMessage());
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return bytes.toByteArray();
  }

  /** Gives the store the state in its file, if there is one; an unreadable file is set aside. */
  static void restore(PersistentState store, Path file) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      byte[] content = Files.readAllBytes(file);
      Map<?, ?> fields;
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(content))) {
        fields = (Map<?, ?>) in.readObject();
      }
      synchronized (store) {
        for (Field field : stateFields(store.getClass())) {
          if (fields.containsKey(field.getName())) {
            restoreField(field.get(store), fields.get(field.getName()));
          }
        }
      }
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
      log.warn(
          "The sandbox could not read its saved state {} ({}); it starts {} empty and keeps the file"
              + " as {}",
          file,
          e.toString(),
          store.stateName(),
          aside);
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moveFailed) {
        throw new UncheckedIOException(moveFailed);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code content} as {@code file}: temporary file, fsync, atomic rename, fsync dir. */
  static void write(Path file, byte[] content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory for fsync; the rename is still atomic
    }
  }

  static boolean same(byte[] a, byte[] b) {
    return a != null && b != null && Arrays.equals(a, b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void restoreField(Object target, Object saved) {
    if (target instanceof Map map && saved instanceof Map values) {
      map.clear();
      map.putAll(values);
    } else if (target instanceof Collection collection && saved instanceof Collection values) {
      collection.clear();
      collection.addAll(values);
    } else if (target instanceof AtomicLong counter && saved instanceof AtomicLong value) {
      counter.set(value.get());
    } else if (target instanceof AtomicInteger counter && saved instanceof AtomicInteger value) {
      counter.set(value.get());
    } else if (target instanceof AtomicReference reference
        && saved instanceof AtomicReference value) {
      reference.set(value.get());
    }
  }

  private static Iterable<Field> stateFields(Class<?> type) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(field -> !Modifier.isStatic(field.getModifiers()))
        .filter(
            field ->
                Map.class.isAssignableFrom(field.getType())
                    || Collection.class.isAssignableFrom(field.getType())
                    || field.getType() == AtomicLong.class
                    || field.getType() == AtomicInteger.class
                    || field.getType() == AtomicReference.class)
        .peek(field -> field.setAccessible(true))
        .toList();
  }
}
