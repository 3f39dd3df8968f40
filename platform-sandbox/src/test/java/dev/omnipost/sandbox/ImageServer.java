package dev.omnipost.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** Serves a tiny JPEG and a text file, standing in for the public URLs Instagram fetches. */
final class ImageServer {

  static final byte[] JPEG = {
    (byte) 0xFF,
    (byte) 0xD8,
    (byte) 0xFF,
    (byte) 0xE0,
    0,
    0x10,
    'J',
    'F',
    'I',
    'F',
    0,
    (byte) 0xFF,
    (byte) 0xD9
  };
  private static final HttpServer SERVER = start();

  private ImageServer() {}

  static String url(String name) {
    return "http://localhost:" + SERVER.getAddress().getPort() + "/" + name;
  }

  private static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/photo.jpg",
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, JPEG.length);
            exchange.getResponseBody().write(JPEG);
            exchange.close();
          });
      server.createContext(
          "/notes.txt",
          exchange -> {
            byte[] text = "not an image".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, text.length);
            exchange.getResponseBody().write(text);
            exchange.close();
          });
      server.createContext(
          "/clip.mp4",
          exchange -> {
            byte[] clip = new byte[64];
            System.arraycopy("\0\0\0\u0018ftypisom".getBytes(), 0, clip, 0, 12);
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, clip.length);
            exchange.getResponseBody().write(clip);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
