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

  @Test
  void givesAFilenameAnExtensionThatAgreesWithTheDetectedType() {
    assertThat(MediaKind.GIF.filenameFor("photo.html")).isEqualTo("photo.gif");
    assertThat(MediaKind.GIF.filenameFor("photo.gif.svg")).isEqualTo("photo.gif.gif");
    assertThat(MediaKind.JPEG.filenameFor("Holiday.JPG")).isEqualTo("Holiday.JPG");
    assertThat(MediaKind.JPEG.filenameFor("scan.jpeg")).isEqualTo("scan.jpeg");
    assertThat(MediaKind.PNG.filenameFor("README")).isEqualTo("README.png");
    assertThat(MediaKind.PNG.filenameFor(".htaccess")).isEqualTo("upload.png");
    assertThat(MediaKind.MP4.filenameFor("clip.exe")).isEqualTo("clip.mp4");
  }

  @Test
  void findsMarkupHiddenBehindAnImageSignature() throws Exception {
    byte[] polyglot = "GIF89a/*<html><script>alert(document.domain)</script>".getBytes();
    byte[] svgBehindPng = concat(image("png", 2, 2), "<SVG onload=alert(1)>".getBytes());

    assertThat(MediaKind.detect(polyglot)).contains(MediaKind.GIF);
    assertThat(MediaKind.carriesMarkup(polyglot)).isTrue();
    assertThat(MediaKind.carriesMarkup(svgBehindPng)).isTrue();
    for (String format : new String[] {"png", "jpeg", "gif"}) {
      assertThat(MediaKind.carriesMarkup(image(format, 64, 64))).as(format).isFalse();
    }
  }

  @Test
  void looksForMarkupOnlyWhereBrowsersSniff() {
    byte[] late = new byte[MediaKind.SNIFFED_BYTES + 10];
    System.arraycopy("GIF89a".getBytes(), 0, late, 0, 6);
    System.arraycopy("<html>".getBytes(), 0, late, MediaKind.SNIFFED_BYTES + 2, 6);

    assertThat(MediaKind.carriesMarkup(late)).isFalse();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
