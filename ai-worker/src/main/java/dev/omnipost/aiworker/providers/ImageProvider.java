package dev.omnipost.aiworker.providers;

/**
 * Makes images: a PNG of exactly the requested size. Chosen by {@code omnipost.ai.image-provider};
 * fails with {@link ProviderException}.
 */
public interface ImageProvider {

  /** The provider name stored with each generation and shown to API users. */
  String name();

  /** PNG bytes of {@code request.width()} × {@code request.height()} pixels. */
  byte[] png(ImageRequest request);

  /** For {@code omnipost.ai.image-provider=none}: every image generation fails, refunded. */
  ImageProvider NONE =
      new ImageProvider() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public byte[] png(ImageRequest request) {
          throw ProviderException.permanent(
              ProviderException.UNSUPPORTED_TYPE,
              "omnipost.ai.image-provider is none: this installation makes no images");
        }
      };
}
