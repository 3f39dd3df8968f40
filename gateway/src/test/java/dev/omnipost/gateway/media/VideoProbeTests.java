package dev.omnipost.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading duration, displayed size and codec from real MP4/MOV boxes (written by isoparser). */
class VideoProbeTests {

  @TempDir Path dir;

  private VideoProbe.VideoFacts probe(byte[] file) throws IOException {
    Path path = Files.write(dir.resolve("video"), file);
    return VideoProbe.probe(path).orElseThrow();
  }

  @Test
  void readsDurationSizeAndCodecOfAnMp4() throws IOException {
    VideoProbe.VideoFacts facts = probe(TestVideos.mp4(1280, 720, 12_500, "avc1"));

    assertThat(facts).isEqualTo(new VideoProbe.VideoFacts(12_500L, 1280, 720, "avc1"));
  }

  @Test
  void readsAMovAndItsCodec() throws IOException {
    byte[] mov = TestVideos.mov(640, 480, 3_000);

    assertThat(MediaKind.detect(mov)).contains(MediaKind.MOV);
    assertThat(MediaKind.detect(TestVideos.mp4(10, 10, 1, "avc1"))).contains(MediaKind.MP4);
    assertThat(probe(mov)).isEqualTo(new VideoProbe.VideoFacts(3_000L, 640, 480, "avc1"));
    assertThat(probe(TestVideos.mp4(1920, 1080, 1_000, "hvc1")).codec()).isEqualTo("hvc1");
  }

  @Test
  void turnsTheSizeByTheTracksRotation() throws IOException {
    VideoProbe.VideoFacts facts = probe(TestVideos.rotatedMp4(1920, 1080, 5_000));

    assertThat(facts.width()).isEqualTo(1080);
    assertThat(facts.height()).isEqualTo(1920);
  }

  @Test
  void skipsTheMediaDataWithoutCopyingIt() throws IOException {
    long before = tempFiles();

    VideoProbe.VideoFacts facts = probe(TestVideos.withMediaData(60_000, 4 * 1024 * 1024));

    assertThat(facts.durationMillis()).isEqualTo(60_000L);
    assertThat(tempFiles()).isEqualTo(before);
  }

  @Test
  void answersEmptyForWhatIsNotAVideo() throws IOException {
    Path garbage = Files.write(dir.resolve("garbage"), new byte[] {0, 0, 0, 12, 'f', 't', 'y'});
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);

    assertThat(VideoProbe.probe(garbage)).isEmpty();
    assertThat(VideoProbe.probe(empty)).isEmpty();
    assertThat(VideoProbe.probe(dir.resolve("missing"))).isEmpty();
  }

  /** isoparser's MediaDataBox copies mdat into a temporary file; the probe must never do that. */
  private static long tempFiles() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("MediaDataBox")).count();
    }
  }
}
