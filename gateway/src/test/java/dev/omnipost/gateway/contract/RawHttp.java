package dev.omnipost.gateway.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends bytes to the gateway as they are, for requests no HTTP client would send (a control byte in
 * a header, a raw non-ASCII path, a bad {@code Content-Length}), and reads one answer.
 */
public final class RawHttp {

  private RawHttp() {}

  /** One answer: status, headers (lower-case names), body as text. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public static Answer send(int port, String request) {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes {@code request}, then reads until the server closes or one whole answer arrived. */
  public static Answer send(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException closedEarly) {
        // the server may answer and close before it read everything (a request line too long)
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headerEnd = -1;
    int contentLength = -1;
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        bytes.write(buffer, 0, n);
        String sofar = bytes.toString(StandardCharsets.ISO_8859_1);
        if (headerEnd < 0) {
          headerEnd = sofar.indexOf("\r\n\r\n");
          if (headerEnd >= 0) {
            contentLength = contentLength(sofar.substring(0, headerEnd));
          }
        }
        if (headerEnd >= 0 && contentLength >= 0 && bytes.size() >= headerEnd + 4 + contentLength) {
          break;
        }
        if (headerEnd >= 0 && contentLength < 0 && sofar.endsWith("\r\n0\r\n\r\n")) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      if (bytes.size() == 0) {
        throw e;
      }
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("No complete answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Answer(status, headers, text.substring(end + 4));
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return -1;
  }
}
