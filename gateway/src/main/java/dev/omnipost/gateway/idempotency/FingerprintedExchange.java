package dev.omnipost.gateway.idempotency;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.multipart.Part;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The exchange a keyed POST is handled with: its request body is fingerprinted as the handler reads
 * it, and its response is captured. Form and multipart data are parsed from that same request (the
 * framework's own exchange would parse the undecorated one, bypassing the fingerprint), and the
 * parts' temporary files are deleted when the request is done, as the framework does for its own.
 */
final class FingerprintedExchange extends ServerWebExchangeDecorator {

  private static final ResolvableType FORM_TYPE =
      ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);
  private static final ResolvableType MULTIPART_TYPE =
      ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, Part.class);

  private final FingerprintedRequest request;
  private final CapturedResponse response;
  private final Mono<MultiValueMap<String, String>> formData;
  private final Mono<MultiValueMap<String, Part>> multipartData;
  private final AtomicBoolean multipartRead = new AtomicBoolean();

  FingerprintedExchange(
      ServerWebExchange delegate, RequestFingerprint fingerprint, ServerCodecConfigurer codecs) {
    super(delegate);
    this.request = new FingerprintedRequest(delegate.getRequest(), fingerprint);
    this.response = new CapturedResponse(delegate.getResponse());
    MediaType type = contentType(request);
    this.formData =
        type != null && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)
            ? this.<MultiValueMap<String, String>>read(codecs, FORM_TYPE, type)
                .defaultIfEmpty(new LinkedMultiValueMap<>())
                .cache()
            : Mono.just(new LinkedMultiValueMap<>());
    this.multipartData =
        type != null && "multipart".equalsIgnoreCase(type.getType())
            ? this.<MultiValueMap<String, Part>>read(codecs, MULTIPART_TYPE, type)
                .defaultIfEmpty(new LinkedMultiValueMap<>())
                .doOnSubscribe(subscription -> multipartRead.set(true))
                .cache()
            : Mono.just(new LinkedMultiValueMap<>());
  }

  @Override
  public ServerHttpRequest getRequest() {
    return request;
  }

  @Override
  public ServerHttpResponse getResponse() {
    return response;
  }

  @Override
  public Mono<MultiValueMap<String, String>> getFormData() {
    return formData;
  }

  @Override
  public Mono<MultiValueMap<String, Part>> getMultipartData() {
    return multipartData;
  }

  CapturedResponse captured() {
    return response;
  }

  /** The request's fingerprint, reading whatever of the body the handler did not. */
  Mono<String> fingerprint() {
    return request.fingerprint();
  }

  /** Deletes the temporary files of parsed multipart parts. */
  Mono<Void> cleanUp() {
    if (!multipartRead.get()) {
      return Mono.empty();
    }
    return multipartData
        .flatMapIterable(MultiValueMap::values)
        .flatMapIterable(parts -> parts)
        .concatMap(part -> part.delete().onErrorComplete())
        .onErrorComplete()
        .then();
  }

  @SuppressWarnings("unchecked")
  private <T> Mono<T> read(ServerCodecConfigurer codecs, ResolvableType type, MediaType mediaType) {
    return codecs.getReaders().stream()
        .filter(reader -> reader.canRead(type, mediaType))
        .findFirst()
        .map(reader -> ((HttpMessageReader<T>) reader).readMono(type, request, java.util.Map.of()))
        .orElseGet(Mono::empty);
  }

  private static MediaType contentType(ServerHttpRequest request) {
    try {
      return request.getHeaders().getContentType();
    } catch (RuntimeException unparsable) {
      return null;
    }
  }

  /** The request whose body feeds the fingerprint as it is read. */
  private static final class FingerprintedRequest extends ServerHttpRequestDecorator {

    private final RequestFingerprint fingerprint;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    FingerprintedRequest(ServerHttpRequest delegate, RequestFingerprint fingerprint) {
      super(delegate);
      this.fingerprint = fingerprint;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return super.getBody()
          .doOnSubscribe(subscription -> subscribed.set(true))
          .doOnNext(fingerprint::feed)
          .doOnComplete(fingerprint::complete);
    }

    Mono<String> fingerprint() {
      Mono<Void> rest =
          subscribed.get() ? Mono.empty() : getBody().doOnNext(DataBufferUtils::release).then();
      return rest.then(Mono.fromCallable(fingerprint::hash));
    }
  }
}
