package dev.omnipost.localstack;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything written to {@code System.out} and {@code System.err} while it is open,
 * still passing it through. Logback's console appender writes to whatever {@code System.out} is at
 * the time, so this sees every log line of every service, even after Spring Boot resets logging.
 */
final class ConsoleCapture implements AutoCloseable {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private ConsoleCapture() {
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
  }

  static ConsoleCapture start() {
    return new ConsoleCapture();
  }

  String captured() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private final class Tee extends OutputStream {

    private final OutputStream through;

    Tee(OutputStream through) {
      this.through = through;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        through.write(b);
      } catch (java.io.IOException e) {
        // the original stream failing must not fail the code that logged
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      synchronized (copy) {
        copy.write(bytes, offset, length);
      }
      try {
        through.write(bytes, offset, length);
      } catch (java.io.IOException e) {
        // as above
      }
    }

    @Override
    public void flush() {
      try {
        through.flush();
      } catch (java.io.IOException e) {
        // as above
      }
    }
  }
}
