package dev.omnipost.aiworker.providers;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Makes any image exactly the size a platform wants (scaled to cover it, the overflow cropped
 * evenly from both sides) and encodes it as PNG. Every image leaves the worker through here, so a
 * provider's bytes are never passed on as they came: only pixels we decoded and encoded again.
 */
public final class ImageFitter {

  private ImageFitter() {}

  public static BufferedImage cover(BufferedImage source, int width, int height) {
    if (source.getWidth() == width && source.getHeight() == height) {
      return source;
    }
    double scale =
        Math.max((double) width / source.getWidth(), (double) height / source.getHeight());
    int scaledWidth = (int) Math.ceil(source.getWidth() * scale);
    int scaledHeight = (int) Math.ceil(source.getHeight() * scale);
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(
          source,
          (width - scaledWidth) / 2,
          (height - scaledHeight) / 2,
          scaledWidth,
          scaledHeight,
          null);
    } finally {
      g.dispose();
    }
    return target;
  }

  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new IllegalStateException("this JDK has no PNG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
