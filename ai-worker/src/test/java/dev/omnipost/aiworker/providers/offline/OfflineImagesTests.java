package dev.omnipost.aiworker.providers.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.aiworker.providers.ImageRequest;
import dev.omnipost.connectors.Platform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OfflineImagesTests {

  private final OfflineImages images = new OfflineImages();

  private static BufferedImage decode(byte[] png) throws IOException {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static ImageRequest request(String prompt, int width, int height) {
    return new ImageRequest(prompt, Platform.INSTAGRAM, "social", "friendly", width, height);
  }

  @Test
  void drawsAPngOfExactlyTheSizeAsked() throws IOException {
    for (int[] size : new int[][] {{1080, 1080}, {1080, 1920}, {1600, 900}, {1000, 1500}}) {
      BufferedImage image =
          decode(images.png(request("Sunrise over the harbour", size[0], size[1])));

      assertThat(image.getWidth()).isEqualTo(size[0]);
      assertThat(image.getHeight()).isEqualTo(size[1]);
    }
  }

  @Test
  void writesTheKeyWordsInWhiteAcrossTheMiddle() throws IOException {
    BufferedImage image = decode(images.png(request("Sunrise over the harbour", 1080, 1080)));

    assertThat(OfflineImages.title("Sunrise over the harbour")).isEqualTo("Sunrise Harbour");
    // white type on a dark background: many near-white pixels in the middle band, none at the top
    assertThat(whitePixels(image, 400, 680)).isGreaterThan(5_000);
    assertThat(whitePixels(image, 0, 150)).isZero();
  }

  @Test
  void theSamePromptGivesTheSameImageAndAnotherPromptAnother() {
    byte[] first = images.png(request("Vegan bakery in Porto", 1200, 630));

    assertThat(images.png(request("Vegan bakery in Porto", 1200, 630))).isEqualTo(first);
    assertThat(images.png(request("Surf school in Ericeira", 1200, 630))).isNotEqualTo(first);
  }

  private static int whitePixels(BufferedImage image, int fromY, int toY) {
    int count = 0;
    for (int y = fromY; y < toY; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (((rgb >> 16) & 0xFF) > 235 && ((rgb >> 8) & 0xFF) > 235 && (rgb & 0xFF) > 235) {
          count++;
        }
      }
    }
    return count;
  }
}
