// Typed, non-variadic wrappers for libcurl's variadic calls, which Swift cannot call directly.
// Each wrapper forwards to curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt with one
// argument type, so the Swift side stays type-checked.
#pragma once
#include <curl/curl.h>

/// curl_easy_setopt for CURLOPTTYPE_LONG options.
CURLcode sb_easy_setopt_long(CURL *handle, CURLoption option, long value);
/// curl_easy_setopt for CURLOPTTYPE_OFF_T options.
CURLcode sb_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/// curl_easy_setopt for string, object, slist and callback-data options.
CURLcode sb_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value);
/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
CURLcode sb_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback);
/// CURLOPT_READFUNCTION.
CURLcode sb_easy_setopt_read_function(CURL *handle, curl_read_callback callback);

/// curl_easy_getinfo for CURLINFO_LONG values.
CURLcode sb_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// curl_multi_setopt for long options.
CURLMcode sb_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The easy handle a CURLMsg refers to.
static inline CURL *sb_msg_easy_handle(const CURLMsg *message) { return message->easy_handle; }
/// The result of a CURLMSG_DONE message.
static inline CURLcode sb_msg_result(const CURLMsg *message) { return message->data.result; }
/// Whether the message is CURLMSG_DONE.
static inline int sb_msg_is_done(const CURLMsg *message) { return message->msg == CURLMSG_DONE; }
