/*
 * Texts to requests and back: packing within an engine's limits, the
 * callback that checks every answer, and sending a text alone when its
 * batch came back unusable. A text that still fails keeps its error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#include "mem.h"
#include "translate_impl.h"

/* One request in flight: which texts it carries and for which leg. */
struct batch {
	struct hx_mt_job *job;
	enum hx_lang src, tgt;
	char **inputs;
	size_t *idx;
	size_t n;
	bool alone; /* a retry of a single text */
};

static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void set_error(struct hx_mt_job *job, size_t i, const char *msg)
{
	if (job->error[i])
		return;
	free(job->result[i]);
	job->result[i] = NULL;
	job->error[i] = hx_xstrdup(msg);
}

static enum hx_err submit(struct hx_mt_job *job, enum hx_lang src, enum hx_lang tgt, char **inputs,
			  const size_t *idx, size_t n, bool alone);

/* One translation back from the wire: its placeholders must be exactly the segment's. */
static void accept(struct batch *b, size_t k, const char *wire)
{
	struct hx_mt_job *job = b->job;
	size_t i = b->idx[k];
	struct hx_buf text = HX_BUF_INIT(0);
	struct hx_diag diag = {0};
	const struct hx_segment *seg = job->seg_of[i];

	if (hx_wire_decode(wire, strlen(wire), job->engine->ops->escape_xml, &text) ||
	    hx_segment_check_placeholders(seg, hx_buf_str(&text), text.len, &diag)) {
		if (!b->alone && b->n > 1) {
			/* the others in the batch were fine: this one goes again, alone */
			submit(job, b->src, b->tgt, b->inputs, &b->idx[k], 1, true);
		} else {
			char msg[HX_DIAG_MSG_MAX + 64];

			snprintf(msg, sizeof(msg), "%s: %s", job->engine->cfg->name,
				 diag.msg[0] ? diag.msg : "the answer could not be read");
			set_error(job, i, msg);
		}
		hx_buf_release(&text);
		return;
	}
	free(job->result[i]);
	job->result[i] = hx_buf_detach(&text, NULL);
}

static void fail_batch(struct batch *b, const char *why, bool split)
{
	for (size_t k = 0; k < b->n; k++) {
		if (split && !b->alone && b->n > 1) {
			submit(b->job, b->src, b->tgt, b->inputs, &b->idx[k], 1, true);
			continue;
		}
		set_error(b->job, b->idx[k], why);
	}
}

static enum hx_err batch_done(void *user, const struct hx_http_response *res)
{
	struct batch *b = user;
	struct hx_mt_job *job = b->job;
	const struct hx_engine_ops *ops = job->engine->ops;
	char **out = hx_xcalloc(b->n, sizeof(*out));
	struct hx_diag diag = {0};
	char msg[HX_DIAG_MSG_MAX + 64];

	/* each text of the batch takes its share of the request and its retries */
	for (size_t k = 0; k < b->n; k++) {
		job->requests[b->idx[k]] += 1.0 / (double)b->n;
		if (res->attempts > 1)
			job->retries[b->idx[k]] += (double)(res->attempts - 1) / (double)b->n;
	}
	if (res->error || res->status < 200 || res->status >= 300) {
		job->requests_failed++;
		/* the engine reads the endpoint's own error message (and names itself) */
		if (ops->decode(&job->engine->settings, res, b->n, out, &diag) == HX_OK ||
		    !diag.msg[0])
			snprintf(msg, sizeof(msg), "%s: %s", job->engine->cfg->name,
				 res->error ? res->error : "request failed");
		else
			snprintf(msg, sizeof(msg), "%s", diag.msg);
		/* a 4xx other than 429 may be this batch's fault (too long): try the texts alone */
		fail_batch(b, msg, res->status >= 400 && res->status < 500 && res->status != 429);
	} else if (ops->decode(&job->engine->settings, res, b->n, out, &diag)) {
		snprintf(msg, sizeof(msg), "%s", hx_diag_message(&diag));
		fail_batch(b, msg, true);
	} else {
		for (size_t k = 0; k < b->n; k++)
			accept(b, k, out[k]);
	}
	for (size_t k = 0; k < b->n; k++)
		free(out[k]);
	free(out);
	free(b->idx);
	free(b);
	hx_diag_release(&diag);
	return HX_OK;
}

/* The wire form of each input, for encode. */
static char **wire_texts(const struct hx_mt_job *job, char **inputs, const size_t *idx, size_t n)
{
	char **w = hx_xcalloc(n, sizeof(*w));

	for (size_t k = 0; k < n; k++) {
		struct hx_buf buf = HX_BUF_INIT(0);
		const char *in = inputs[idx[k]];

		hx_wire_encode(in, strlen(in), job->engine->ops->escape_xml, &buf);
		w[k] = hx_buf_detach(&buf, NULL);
	}
	return w;
}

static enum hx_err submit(struct hx_mt_job *job, enum hx_lang src, enum hx_lang tgt, char **inputs,
			  const size_t *idx, size_t n, bool alone)
{
	struct batch *b = hx_xcalloc(1, sizeof(*b));
	struct hx_http_request req = {0};
	struct hx_diag diag = {0};
	char **w = wire_texts(job, inputs, idx, n);
	enum hx_err err;

	b->job = job;
	b->src = src;
	b->tgt = tgt;
	b->inputs = inputs;
	b->n = n;
	b->alone = alone;
	b->idx = hx_xreallocarray(NULL, n, sizeof(*b->idx));
	memcpy(b->idx, idx, n * sizeof(*idx));
	err = job->engine->ops->encode(&job->engine->settings, src, tgt, (const char *const *)w, n,
				       &req, &diag);
	for (size_t k = 0; k < n; k++)
		free(w[k]);
	free(w);
	if (err) {
		fail_batch(b, hx_diag_message(&diag), false);
		free(b->idx);
		free(b);
		hx_http_request_release(&req);
		return HX_OK;
	}
	return hx_transport_submit(job->engine->transport, &req, batch_done, b);
}

struct limits {
	size_t texts, chars, bytes;
	/* wire text a request, <p></p> included: bytes and characters (0: not counted) */
	size_t wire_bytes, wire_chars;
};

/* The engine's limits, the configuration's own when it sets them. */
static void limits(const struct hx_mt_engine *e, struct limits *l)
{
	const struct hx_engine_ops *ops = e->ops;

	l->texts = e->cfg->max_texts ? e->cfg->max_texts : ops->max_texts;
	l->chars = e->cfg->max_chars ? e->cfg->max_chars : ops->max_chars;
	l->bytes = ops->max_bytes ? ops->max_bytes : (size_t)1 << 20;
	l->wire_bytes = l->wire_chars = 0;
	if (!l->texts)
		l->texts = 1;
	if (!e->cfg->max_chars && ops->chunk_chars) {
		if (e->in_flight <= ops->calm_in_flight)
			l->wire_bytes = ops->chunk_bytes;
		else
			l->wire_chars = ops->chunk_chars;
	}
	if (!l->chars)
		l->chars = SIZE_MAX / 2;
}

/* Whole texts into requests, each within the engine's limits on texts, characters and bytes. */
static enum hx_err pack(struct hx_mt_job *job, enum hx_lang src, enum hx_lang tgt, char **inputs,
			const size_t *idx, size_t n)
{
	struct limits l;
	size_t start = 0, chars = 0, bytes = 0, wb = 0, wc = 0;
	struct hx_buf wire = HX_BUF_INIT(0);
	enum hx_err err = HX_OK;

	limits(job->engine, &l);
	for (size_t k = 0; k < n && !err; k++) {
		const char *t = inputs[idx[k]];
		/* a placeholder goes out as <x id="N"/>: count a dozen characters for it */
		size_t len = strlen(t),
		       c = count_chars(t, len) + 12 * (len - count_chars(t, len)) / 3;
		size_t tb = 0, tc = 0;

		if (l.wire_bytes || l.wire_chars) {
			hx_buf_reset(&wire);
			hx_wire_encode(t, len, job->engine->ops->escape_xml, &wire);
			tb = wire.len + 7;
			tc = count_chars(wire.data, wire.len) + 7;
		}
		if (k > start &&
		    (k - start >= l.texts || chars + c > l.chars ||
		     bytes + len * 2 + 64 > l.bytes || (l.wire_bytes && wb + tb > l.wire_bytes) ||
		     (l.wire_chars && wc + tc > l.wire_chars))) {
			err = submit(job, src, tgt, inputs, idx + start, k - start, false);
			start = k;
			chars = bytes = wb = wc = 0;
		}
		chars += c;
		bytes += len * 2 + 64;
		wb += tb;
		wc += tc;
	}
	if (!err && n > start)
		err = submit(job, src, tgt, inputs, idx + start, n - start, false);
	hx_buf_release(&wire);
	return err;
}

enum hx_err hx_mt_translate(struct hx_mt_job *job, enum hx_lang src, enum hx_lang tgt,
			    char **inputs, const size_t *idx, size_t n)
{
	enum hx_err err;

	if (n == 0)
		return HX_OK;
	err = pack(job, src, tgt, inputs, idx, n);
	if (!err)
		err = hx_transport_run(job->engine->transport, job->diag);
	/* whatever the transport left undone has failed */
	for (size_t k = 0; k < n; k++)
		if (!job->result[idx[k]] && !job->error[idx[k]])
			set_error(job, idx[k], err ? hx_diag_message(job->diag) : "no answer");
	return err == HX_E_MT ? HX_OK : err;
}

static enum hx_err probe_done(void *user, const struct hx_http_response *res)
{
	struct hx_mt_engine *e = user;
	struct hx_diag d = {0};

	if (res->error || res->status != 200) {
		e->probe_error =
			hx_xstrdup(res->error ? res->error : "the endpoint refused the request");
		return HX_OK;
	}
	if (e->ops->pairs_decode(res, &e->pairs, &d) == HX_OK)
		e->pairs_known = true;
	else
		e->probe_error = hx_xstrdup(hx_diag_message(&d));
	hx_diag_release(&d);
	return HX_OK;
}

/* Asks the endpoint once which pairs it serves; the answer is kept for the run. */
static void probe(struct hx_mt_engine *e)
{
	struct hx_http_request req = {0};
	struct hx_diag d = {0};

	e->probed = true;
	if (!e->ops->pairs_request)
		return;
	if (e->ops->pairs_request(&e->settings, &req, &d) == HX_OK &&
	    hx_transport_submit(e->transport, &req, probe_done, e) == HX_OK)
		hx_transport_run(e->transport, &d);
	hx_diag_release(&d);
}

bool hx_mt_serves(struct hx_mt_engine *e, enum hx_lang src, enum hx_lang tgt, struct hx_diag *diag)
{
	(void)diag;
	if (!e->probed)
		probe(e);
	if (!e->pairs_known)
		return true; /* the endpoint cannot say: try, and let the answer tell */
	return (e->pairs >> ((unsigned)src * HX_LANG_COUNT + (unsigned)tgt)) & 1u;
}
