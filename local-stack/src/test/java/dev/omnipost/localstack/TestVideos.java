package dev.omnipost.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
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

/**
 * A tiny real MP4 (a few KB) for posts to the platforms that take video: {@code ftyp}, a {@code
 * moov} with one H.264 video track (the boxes the gateway's prober and the simulators read) and a
 * small {@code mdat}. It has no samples, so no player would show it; every platform rule it is
 * checked against (duration, size, codec) is met.
 */
final class TestVideos {

  private TestVideos() {}

  /** Portrait 720×1280, 5 seconds: inside every video platform's limits, TikTok's included. */
  static byte[] portraitMp4() {
    return mp4(720, 1280, 5_000);
  }

  static byte[] mp4(int width, int height, long durationMillis) {
    Date created = new Date(1_764_000_000_000L);
    MovieHeaderBox mvhd = new MovieHeaderBox();
    mvhd.setCreationTime(created);
    mvhd.setModificationTime(created);
    mvhd.setTimescale(1000);
    mvhd.setDuration(durationMillis);
    mvhd.setNextTrackId(2);

    TrackHeaderBox tkhd = new TrackHeaderBox();
    tkhd.setCreationTime(created);
    tkhd.setModificationTime(created);
    tkhd.setTrackId(1);
    tkhd.setDuration(durationMillis);
    tkhd.setWidth(width);
    tkhd.setHeight(height);
    tkhd.setEnabled(true);
    tkhd.setInMovie(true);

    MediaHeaderBox mdhd = new MediaHeaderBox();
    mdhd.setCreationTime(created);
    mdhd.setModificationTime(created);
    mdhd.setLanguage("und");
    mdhd.setTimescale(1000);
    mdhd.setDuration(durationMillis);
    HandlerBox hdlr = new HandlerBox();
    hdlr.setHandlerType("vide");
    hdlr.setName("VideoHandler");

    VisualSampleEntry avc1 = new VisualSampleEntry("avc1");
    avc1.setWidth(width);
    avc1.setHeight(height);
    avc1.setDataReferenceIndex(1);
    SampleDescriptionBox stsd = new SampleDescriptionBox();
    stsd.addBox(avc1);
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
      new FileTypeBox("isom", 512, List.of("isom", "avc1", "mp41")).getBox(out);
      moov.getBox(out);
      int filler = 2048;
      ByteBuffer mdat = ByteBuffer.allocate(8);
      mdat.putInt(8 + filler).put("mdat".getBytes(StandardCharsets.US_ASCII)).flip();
      out.write(mdat);
      out.write(ByteBuffer.allocate(filler));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
