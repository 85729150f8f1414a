package dev.edgeweave.tracker.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link HealthProbe} over the JDK {@link HttpClient}: {@code GET <admin>/health}, HTTP/1.1, no
 * redirects, connect and response timeouts, at most {@value #MAX_BODY} body bytes read (the body
 * of a failing answer becomes the reason, e.g. {@code "HTTP 503: draining"}). The returned futures
 * complete on the executor given to the constructor.
 */
public final class HttpHealthProbe implements HealthProbe {

    static final int MAX_BODY = 256;

    private final HttpClient client;
    private final Executor executor;
    private final Duration timeout;

    /**
     * @param executor runs the client's work (the caller owns and shuts it down)
     * @param timeout  connect timeout, and again for the whole answer
     */
    public HttpHealthProbe(Executor executor, Duration timeout) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public CompletableFuture<Result> probe(URI healthUri) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(healthUri).timeout(timeout).header("User-Agent", "edgeweave-tracker")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Result.failed("bad health URL " + healthUri + ": " + e.getMessage()));
        }
        return client.sendAsync(request, info -> new LimitedBody())
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                // results are handled on our executor, never on the client's selector thread
                .handleAsync((response, error) -> error != null ? Result.failed(describe(error)) : judge(response),
                        executor);
    }

    private static Result judge(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Result.passed();
        }
        String body = response.body().strip();
        int nl = body.indexOf('\n');
        if (nl >= 0) {
            body = body.substring(0, nl).strip();
        }
        return Result.failed("HTTP " + status + (body.isEmpty() ? "" : ": " + body));
    }

    private String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + timeout.toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return e.toString();
    }

    /** Collects at most {@link #MAX_BODY} bytes as UTF-8, then stops reading. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] buf = new byte[MAX_BODY];
        private int len;
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), MAX_BODY - len);
                b.get(buf, len, n);
                len += n;
            }
            if (len >= MAX_BODY) {
                subscription.cancel();
                complete();
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            result.complete(new String(buf, 0, len, StandardCharsets.UTF_8));
        }
    }
}
