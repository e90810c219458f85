/* fake-mt as an OpenAI-compatible server: POST /v1/chat/completions, whose last user message
 * is hexaglot's batch {"source","target","texts"} (answered as a JSON array of the
 * translations) or any other text (translated whole), and GET /v1/models. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_mt.h"

/* Checks the Bearer key when --api-key is set; answers 401 and returns false if wrong. */
static bool openai_auth(struct exchange *x)
{
	const char *h = fake_header(x, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *key = h && !strncmp(h, "Bearer ", 7) ? h + 7 : NULL;
	char msg[256];

	if (!x->cfg.api_key[0])
		return true;
	if (!key || !*key) {
		fake_error(x, 401,
			   "You didn't provide an API key. You need to provide your API key in an "
			   "Authorization header using Bearer auth (i.e. Authorization: Bearer "
			   "YOUR_KEY).");
	} else if (strcmp(key, x->cfg.api_key)) {
		snprintf(msg, sizeof(msg), "Incorrect API key provided: %.40s.", key);
		fake_error(x, 401, msg);
	}
	return x->status == 0;
}

void fake_openai_models(struct exchange *x)
{
	if (!openai_auth(x))
		return;
	fake_reply_json(x, 200,
			json_pack("{s:s, s:[{s:s, s:s, s:i, s:s}]}", "object", "list", "data", "id",
				  x->cfg.model, "object", "model", "created", 1700000000,
				  "owned_by", "fake-mt"),
			JSON_COMPACT);
}

/* Appends the text of a message's content: a string, or a list of {"type":"text"} parts. */
static void content_text(struct fake_buf *out, json_t *content)
{
	json_t *part;
	size_t i;

	if (json_is_string(content))
		fake_buf_add(out, json_string_value(content), json_string_length(content));
	json_array_foreach(content, i, part)
	{
		json_t *text = json_object_get(part, "text");

		if (json_is_string(text))
			fake_buf_add(out, json_string_value(text), json_string_length(text));
	}
}

/* Finds the last user message; returns false if there is none. Counts every message's
 * characters into prompt_chars. */
static bool last_user(json_t *messages, struct fake_buf *user, size_t *prompt_chars)
{
	json_t *m;
	size_t i;
	bool found = false;

	json_array_foreach(messages, i, m)
	{
		struct fake_buf text = {0};
		json_t *role = json_object_get(m, "role");

		fake_buf_add(&text, "", 0);
		content_text(&text, json_object_get(m, "content"));
		*prompt_chars += fake_utf8_chars(text.data, text.len);
		if (json_is_string(role) && !strcmp(json_string_value(role), "user")) {
			user->len = 0;
			fake_buf_add(user, text.data, text.len);
			found = true;
		}
		fake_buf_release(&text);
	}
	return found;
}

/* Reads hexaglot's batch {"target": "es", "texts": [...]}; false if content is not one. */
static bool parse_batch(const char *content, struct fake_texts *texts, char *target, size_t size)
{
	json_t *v = json_loads(content, 0, NULL), *list = json_object_get(v, "texts"), *item;
	const char *t = json_string_value(json_object_get(v, "target"));
	bool ok = json_is_array(list);
	size_t i;

	json_array_foreach(list, i, item)
	{
		if (!json_is_string(item))
			ok = false;
		else
			fake_texts_add(texts, json_string_value(item), json_string_length(item));
	}
	if (!ok)
		fake_texts_release(texts);
	snprintf(target, size, "%s", ok && t ? t : "und");
	json_decref(v);
	return ok;
}

/* Returns the assistant's content, newly allocated; free with free(). */
static char *openai_content(struct exchange *x, const char *user, size_t user_len)
{
	struct fake_texts texts = {0};
	char target[32];
	bool batch = parse_batch(user, &texts, target, sizeof(target));
	struct fake_buf *outs, answer = {0};
	json_t *list = json_array();

	if (!batch)
		fake_texts_add(&texts, user, user_len);
	fake_note_texts(x, &texts);
	outs = calloc(texts.n ? texts.n : 1, sizeof(*outs));
	if (!outs)
		abort();
	for (size_t i = 0; i < texts.n; i++) {
		fake_buf_add(&outs[i], "", 0);
		fake_translate(&outs[i], texts.v[i], strlen(texts.v[i]), target, NULL);
		x->chars_ok += fake_utf8_chars(texts.v[i], strlen(texts.v[i]));
	}
	fake_placeholder_faults(x, outs, texts.n);
	for (size_t i = 0; i < texts.n; i++) {
		if (list && json_array_append_new(list, json_stringn(outs[i].data, outs[i].len))) {
			json_decref(list);
			list = NULL;
		}
		if (!batch)
			fake_buf_add(&answer, outs[i].data, outs[i].len);
		fake_buf_release(&outs[i]);
	}
	x->texts_ok = texts.n;
	if (batch) {
		char *dump = list ? json_dumps(list, 0) : NULL;

		fake_buf_adds(&answer, dump ? dump : "");
		free(dump);
	}
	json_decref(list);
	free(outs);
	fake_texts_release(&texts);
	return fake_buf_detach(&answer, NULL);
}

static void openai_answer(struct exchange *x, json_t *req, const struct fake_buf *user,
			  size_t prompt_chars)
{
	const char *model = json_string_value(json_object_get(req, "model"));
	char *content = openai_content(x, user->data, user->len);
	size_t completion = fake_utf8_chars(content, strlen(content)) / 4 + 1;
	size_t prompt = prompt_chars / 4 + 1;
	char id[64];

	snprintf(id, sizeof(id), "chatcmpl-fake-%llu", (unsigned long long)x->serial);
	fake_reply_json(x, 200,
			json_pack("{s:s, s:s, s:I, s:s, s:[{s:i, s:{s:s, s:s}, s:n, s:s}], "
				  "s:{s:I, s:I, s:I}}",
				  "id", id, "object", "chat.completion", "created",
				  (json_int_t)time(NULL), "model", model ? model : x->cfg.model,
				  "choices", "index", 0, "message", "role", "assistant", "content",
				  content, "logprobs", "finish_reason", "stop", "usage",
				  "prompt_tokens", (json_int_t)prompt, "completion_tokens",
				  (json_int_t)completion, "total_tokens",
				  (json_int_t)(prompt + completion)),
			JSON_COMPACT);
	free(content);
}

void fake_openai_chat(struct exchange *x)
{
	json_t *req, *messages;
	struct fake_buf user = {0};
	size_t prompt_chars = 0;

	if (!openai_auth(x))
		return;
	req = json_loadb(x->body, x->body_len, 0, NULL);
	messages = json_object_get(req, "messages");
	fake_buf_add(&user, "", 0);
	if (!json_is_object(req))
		fake_error(x, 400,
			   "We could not parse the JSON body of your request. (HINT: This likely "
			   "means you aren't using your HTTP library correctly.)");
	else if (!json_is_array(messages) || !json_array_size(messages))
		fake_error(x, 400, "'messages' is a required property");
	else if (json_is_true(json_object_get(req, "stream")))
		fake_error(x, 400, "fake-mt does not stream: send \"stream\": false");
	else if (!last_user(messages, &user, &prompt_chars))
		fake_error(x, 400, "the request has no user message");
	else
		openai_answer(x, req, &user, prompt_chars);
	fake_buf_release(&user);
	json_decref(req);
}
