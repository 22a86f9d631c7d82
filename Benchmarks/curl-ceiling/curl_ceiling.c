// libcurl's own ceiling: `total` POSTs to `url` through one multi handle with `concurrency` easy handles
// reused (keep-alive), at most `connections` connections to the host (default: `concurrency`), no Swift, no
// queue. Prints requests per second. Built and run by dispatch-load with the transport's connection limit:
//   cc -O2 -o curl-ceiling curl_ceiling.c -lcurl && ./curl-ceiling URL TOTAL CONCURRENCY [CONNECTIONS]
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: curl-ceiling URL TOTAL CONCURRENCY [CONNECTIONS]\n");
        return 64;
    }
    const char *url = argv[1];
    long total = atol(argv[2]), concurrency = atol(argv[3]);
    long connections = argc == 5 ? atol(argv[4]) : concurrency;
    const char *body = "{\"messaging_product\":\"whatsapp\",\"to\":\"15550000001\",\"type\":\"text\",\"text\":{\"body\":\"raw\"}}";
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, connections);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer bench-token");
    long started = 0, finished = 0, failed = 0;
    for (long i = 0; i < concurrency && started < total; i++, started++) {
        CURL *easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(multi, easy);
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (finished < total) {
        int running = 0, queued = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        while ((message = curl_multi_info_read(multi, &queued))) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL *easy = message->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            if (message->data.result != CURLE_OK || status != 200) failed++;
            finished++;
            curl_multi_remove_handle(multi, easy);
            if (started < total) {
                started++;
                curl_multi_add_handle(multi, easy);
            } else {
                curl_easy_cleanup(easy);
            }
        }
        if (finished < total) curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%.0f\n", total / seconds);
    fprintf(stderr, "curl-ceiling: %ld requests, %ld failed, %.3f s\n", total, failed, seconds);
    curl_multi_cleanup(multi);
    curl_slist_free_all(headers);
    return failed == 0 ? 0 : 1;
}
