package dev.omnipost.gateway.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.mp4parser.Box;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MediaInformationBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleDescriptionBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.iso14496.part12.VideoMediaHeaderBox;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.support.Matrix;

/**
 * Small real MP4 and MOV files for tests, written box by box with isoparser itself: {@code ftyp}, a
 * {@code moov} with one video track (header, handler, sample description) and an {@code mdat} of
 * filler bytes. Not playable (no samples), but every box a prober reads is there and valid.
 */
public final class TestVideos {

  private TestVideos() {}

  public static byte[] mp4(int width, int height, long durationMillis, String codec) {
    return video("isom", width, height, durationMillis, codec, Matrix.ROTATE_0, 1024);
  }

  /** A phone's portrait video: stored landscape, turned by the track's matrix. */
  public static byte[] rotatedMp4(int storedWidth, int storedHeight, long durationMillis) {
    return video("isom", storedWidth, storedHeight, durationMillis, "avc1", Matrix.ROTATE_90, 1024);
  }

  public static byte[] mov(int width, int height, long durationMillis) {
    return video("qt  ", width, height, durationMillis, "avc1", Matrix.ROTATE_0, 1024);
  }

  /** An MP4 whose media data is {@code mdatBytes} long, to check it is skipped, not read. */
  public static byte[] withMediaData(long durationMillis, int mdatBytes) {
    return video("isom", 1280, 720, durationMillis, "avc1", Matrix.ROTATE_0, mdatBytes);
  }

  private static byte[] video(
      String brand,
      int width,
      int height,
      long durationMillis,
      String codec,
      Matrix matrix,
      int mdatBytes) {
    long timescale = 1000;
    FileTypeBox ftyp = new FileTypeBox(brand, 0, List.of(brand, "mp41"));

    Date created = new Date(1_700_000_000_000L);
    MovieHeaderBox mvhd = new MovieHeaderBox();
    mvhd.setCreationTime(created);
    mvhd.setModificationTime(created);
    mvhd.setTimescale(timescale);
    mvhd.setDuration(durationMillis);
    mvhd.setNextTrackId(2);

    TrackHeaderBox tkhd = new TrackHeaderBox();
    tkhd.setCreationTime(created);
    tkhd.setModificationTime(created);
    tkhd.setTrackId(1);
    tkhd.setDuration(durationMillis);
    tkhd.setWidth(width);
    tkhd.setHeight(height);
    tkhd.setMatrix(matrix);
    tkhd.setEnabled(true);
    tkhd.setInMovie(true);

    MediaHeaderBox mdhd = new MediaHeaderBox();
    mdhd.setCreationTime(created);
    mdhd.setModificationTime(created);
    mdhd.setLanguage("und");
    mdhd.setTimescale(timescale);
    mdhd.setDuration(durationMillis);
    HandlerBox hdlr = new HandlerBox();
    hdlr.setHandlerType("vide");
    hdlr.setName("VideoHandler");

    VisualSampleEntry entry = new VisualSampleEntry(codec);
    entry.setWidth(width);
    entry.setHeight(height);
    entry.setDataReferenceIndex(1);
    SampleDescriptionBox stsd = new SampleDescriptionBox();
    stsd.addBox(entry);
    SampleTableBox stbl = new SampleTableBox();
    stbl.addBox(stsd);
    MediaInformationBox minf = new MediaInformationBox();
    minf.addBox(new VideoMediaHeaderBox());
    minf.addBox(stbl);
    MediaBox mdia = new MediaBox();
    mdia.addBox(mdhd);
    mdia.addBox(hdlr);
    mdia.addBox(minf);
    TrackBox trak = new TrackBox();
    trak.addBox(tkhd);
    trak.addBox(mdia);
    MovieBox moov = new MovieBox();
    moov.addBox(mvhd);
    moov.addBox(trak);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (WritableByteChannel out = Channels.newChannel(bytes)) {
      write(out, ftyp);
      write(out, moov);
      ByteBuffer mdat = ByteBuffer.allocate(8);
      mdat.putInt(8 + mdatBytes).put("mdat".getBytes(StandardCharsets.US_ASCII)).flip();
      out.write(mdat);
      out.write(ByteBuffer.allocate(mdatBytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(WritableByteChannel out, Box box) throws IOException {
    box.getBox(out);
  }
}
