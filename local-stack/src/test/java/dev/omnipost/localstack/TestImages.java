package dev.omnipost.localstack;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** A small real PNG to upload, for posts to platforms that need an image (Instagram). */
final class TestImages {

  private TestImages() {}

  static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    image.setRGB(10, 10, 0xFF8800);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }
}
