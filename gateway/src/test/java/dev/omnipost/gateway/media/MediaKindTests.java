package dev.omnipost.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MediaKindTests {

  private static byte[] image(String format, int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
    return out.toByteArray();
  }

  @Test
  void recognisesImagesByTheirBytesAndReadsTheirSize() throws Exception {
    for (String format : new String[] {"png", "jpeg", "gif"}) {
      byte[] bytes = image(format, 37, 21);

      MediaKind kind = MediaKind.detect(bytes).orElseThrow();

      assertThat(kind.contentType).isEqualTo("image/" + format);
      assertThat(kind.dimensions(bytes)).containsExactly(37, 21);
    }
  }

  @Test
  void recognisesMp4AndWebp() {
    byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
    byte[] webp = new byte[30];
    System.arraycopy("RIFF".getBytes(), 0, webp, 0, 4);
    System.arraycopy("WEBPVP8X".getBytes(), 0, webp, 8, 8);
    webp[24] = 99; // width - 1 = 99
    webp[27] = 49; // height - 1 = 49

    assertThat(MediaKind.detect(mp4)).contains(MediaKind.MP4);
    assertThat(MediaKind.detect(webp)).contains(MediaKind.WEBP);
    assertThat(MediaKind.WEBP.dimensions(webp)).containsExactly(100, 50);
  }

  @Test
  void rejectsEverythingElse() {
    assertThat(MediaKind.detect("%PDF-1.7".getBytes())).isEmpty();
    assertThat(MediaKind.detect(new byte[0])).isEmpty();
  }
}
