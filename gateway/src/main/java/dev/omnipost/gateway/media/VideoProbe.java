package dev.omnipost.gateway.media;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.mp4parser.IsoFile;
import org.mp4parser.PropertyBoxParserImpl;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleDescriptionBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.sampleentry.AbstractSampleEntry;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.support.Matrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the platform rule books check about a video (duration, displayed width and height, the
 * video track's codec) from its MP4/MOV boxes with mp4parser's isoparser. The media data ({@code
 * mdat}) is skipped by seeking, never read, so probing a 512 MB upload reads only its {@code moov}
 * box. A file that cannot be read answers empty: the upload is kept and the rules warn that they
 * could not check it.
 */
final class VideoProbe {

  private static final Logger log = LoggerFactory.getLogger(VideoProbe.class);

  private VideoProbe() {}

  /**
   * @param durationMillis from the movie header (its duration over its timescale)
   * @param width as displayed: the track header's size, turned by its rotation matrix
   * @param codec the video sample entry's type ({@code avc1}, {@code hvc1}, {@code mp4v}, ...)
   */
  record VideoFacts(Long durationMillis, Integer width, Integer height, String codec) {}

  static Optional<VideoFacts> probe(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        IsoFile iso = new IsoFile(channel, new PropertyBoxParserImpl().skippingBoxes("mdat"))) {
      MovieBox movie = iso.getMovieBox();
      if (movie == null) {
        return Optional.empty();
      }
      Long duration = null;
      MovieHeaderBox header = movie.getMovieHeaderBox();
      if (header != null && header.getTimescale() > 0) {
        duration = header.getDuration() * 1000 / header.getTimescale();
      }
      for (TrackBox track : movie.getBoxes(TrackBox.class)) {
        MediaBox media = track.getMediaBox();
        HandlerBox handler = media == null ? null : media.getHandlerBox();
        if (handler == null || !"vide".equals(handler.getHandlerType())) {
          continue;
        }
        return Optional.of(videoTrack(track, duration));
      }
      return Optional.of(new VideoFacts(duration, null, null, null));
    } catch (IOException | RuntimeException e) {
      log.debug("Could not read the boxes of {}", file, e);
      return Optional.empty();
    }
  }

  private static VideoFacts videoTrack(TrackBox track, Long duration) {
    Integer width = null;
    Integer height = null;
    String codec = null;
    VisualSampleEntry visual = null;
    SampleTableBox samples = track.getSampleTableBox();
    SampleDescriptionBox descriptions = samples == null ? null : samples.getSampleDescriptionBox();
    if (descriptions != null) {
      AbstractSampleEntry entry = descriptions.getSampleEntry();
      if (entry != null) {
        codec = entry.getType();
      }
      List<VisualSampleEntry> visuals = descriptions.getBoxes(VisualSampleEntry.class);
      visual = visuals.isEmpty() ? null : visuals.get(0);
    }
    TrackHeaderBox header = track.getTrackHeaderBox();
    if (header != null && header.getWidth() >= 1 && header.getHeight() >= 1) {
      width = (int) Math.round(header.getWidth());
      height = (int) Math.round(header.getHeight());
      Matrix matrix = header.getMatrix();
      if (Matrix.ROTATE_90.equals(matrix) || Matrix.ROTATE_270.equals(matrix)) {
        int turned = width;
        width = height;
        height = turned;
      }
    } else if (visual != null && visual.getWidth() > 0 && visual.getHeight() > 0) {
      width = visual.getWidth();
      height = visual.getHeight();
    }
    return new VideoFacts(duration, width, height, codec);
  }
}
