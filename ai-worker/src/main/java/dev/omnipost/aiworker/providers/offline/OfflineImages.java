package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.ImageFitter;
import dev.omnipost.aiworker.providers.ImageProvider;
import dev.omnipost.aiworker.providers.ImageRequest;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Draws an image without any network or model: the prompt's key words in large white type on a
 * gradient background chosen from them, with a label saying that no image model was involved. It is
 * a legible placeholder a post can go out with, and the same prompt always gives the same image.
 */
public final class OfflineImages implements ImageProvider {

  public static final String NAME = "offline";

  /** The label drawn at the bottom of every image. */
  static final String LABEL = "Offline image · drawn without an image model";

  private static final int MAX_WORDS = 6;
  private static final int MAX_LINES = 5;

  /** Dark enough behind white text at every point of the gradient. */
  private static final Color[][] PALETTES = {
    {new Color(0x1E3A8A), new Color(0x7C3AED)},
    {new Color(0x064E3B), new Color(0x0E7490)},
    {new Color(0x7C2D12), new Color(0xB91C1C)},
    {new Color(0x312E81), new Color(0xBE185D)},
    {new Color(0x134E4A), new Color(0x1D4ED8)},
    {new Color(0x3F3F46), new Color(0x92400E)},
    {new Color(0x4C1D95), new Color(0x0F766E)},
    {new Color(0x1F2937), new Color(0x9D174D)}
  };

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] png(ImageRequest request) {
    return ImageFitter.png(draw(request));
  }

  BufferedImage draw(ImageRequest request) {
    int width = request.width();
    int height = request.height();
    String title = title(request.prompt());
    long seed = title.hashCode();
    Color[] palette = PALETTES[Math.floorMod(seed, PALETTES.length)];

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, palette[0], 0, height, palette[1]));
      g.fillRect(0, 0, width, height);
      circles(g, width, height, new Random(seed));
      title(g, title, width, height);
      label(g, request, width, height);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The prompt's key words, capitalised; the prompt's start when it has none. */
  static String title(String prompt) {
    List<String> words = Keywords.inOrder(prompt);
    if (words.isEmpty()) {
      String text = prompt == null ? "" : prompt.strip();
      return text.length() > 40 ? text.substring(0, 40) : text;
    }
    List<String> shown = new ArrayList<>();
    for (String word : words.subList(0, Math.min(MAX_WORDS, words.size()))) {
      shown.add(word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1));
    }
    return String.join(" ", shown);
  }

  private static void circles(Graphics2D g, int width, int height, Random random) {
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.12f));
    g.setColor(Color.WHITE);
    int unit = Math.min(width, height);
    for (int i = 0; i < 3; i++) {
      int diameter = unit / 3 + random.nextInt(Math.max(1, unit / 2));
      g.fillOval(
          random.nextInt(Math.max(1, width)) - diameter / 2,
          random.nextInt(Math.max(1, height)) - diameter / 2,
          diameter,
          diameter);
    }
    g.setComposite(AlphaComposite.SrcOver);
  }

  /** The title as large as it can be: wrapped to the width, shrunk until it fits the height. */
  private static void title(Graphics2D g, String title, int width, int height) {
    int maxWidth = (int) (width * 0.84);
    int maxHeight = (int) (height * 0.6);
    int size = Math.max(12, Math.min(width, height) / 8);
    List<String> lines;
    FontMetrics metrics;
    do {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      metrics = g.getFontMetrics();
      lines = wrap(title, metrics, maxWidth);
      if ((lines.size() <= MAX_LINES && lines.size() * metrics.getHeight() <= maxHeight)
          || size <= 12) {
        break;
      }
      size = size * 9 / 10;
    } while (true);
    int lineHeight = metrics.getHeight();
    int y = (height - lines.size() * lineHeight) / 2 + metrics.getAscent();
    int shadow = Math.max(2, size / 18);
    for (String line : lines.subList(0, Math.min(MAX_LINES, lines.size()))) {
      int x = (width - metrics.stringWidth(line)) / 2;
      g.setColor(new Color(0, 0, 0, 140));
      g.drawString(line, x + shadow, y + shadow);
      g.setColor(Color.WHITE);
      g.drawString(line, x, y);
      y += lineHeight;
    }
  }

  private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
    List<String> lines = new ArrayList<>();
    String current = "";
    for (String word : text.split(" ")) {
      String joined = current.isEmpty() ? word : current + " " + word;
      if (current.isEmpty() || metrics.stringWidth(joined) <= maxWidth) {
        current = joined;
      } else {
        lines.add(current);
        current = word;
      }
    }
    if (!current.isEmpty()) {
      lines.add(current);
    }
    return lines;
  }

  private static void label(Graphics2D g, ImageRequest request, int width, int height) {
    int size = Math.max(10, Math.min(width, height) / 40);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    FontMetrics metrics = g.getFontMetrics();
    String text = request.platform() == null ? LABEL : LABEL + " · for " + request.platform().id();
    int bar = metrics.getHeight() + size;
    g.setColor(new Color(0, 0, 0, 110));
    g.fillRect(0, height - bar, width, bar);
    g.setColor(new Color(255, 255, 255, 230));
    g.drawString(text, size, height - bar + size / 2 + metrics.getAscent());
  }
}
