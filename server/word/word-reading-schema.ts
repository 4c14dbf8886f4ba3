import { z } from 'zod';
import { WORD_TEXT_BOUNDS, type WordReading } from './word-reading.ts';

/**
 * A WordReading as it crosses to another process (issue 15: a Word upload confirmed on a process
 * that does not lead the document is made by its authority): checked again on arrival, within
 * the bounds the reading itself keeps (word-reading.ts), so that the bus carries no more than an
 * upload could. Its part entries are bounded by the zip's own (10 MB a part).
 */
const PART_CHARS = 10 * 1024 * 1024;
const change = z.strictObject({ author: z.string().max(PART_CHARS).nullable(), date: z.string().max(PART_CHARS).nullable() });

const segmentSchema = z.strictObject({
  kind: z.enum(['text', 'ins', 'del']),
  text: z.string().max(WORD_TEXT_BOUNDS.maxTotalChars),
  author: z.string().max(PART_CHARS).nullable(),
  date: z.string().max(PART_CHARS).nullable(),
  comments: z.array(z.number().int()).max(WORD_TEXT_BOUNDS.maxComments),
  struck: change.nullable(),
});

const paragraphSchema = z.strictObject({
  pid: z.string().max(PART_CHARS).nullable(),
  fingerprint: z.string().max(PART_CHARS).nullable(),
  insertedMark: change.nullable(),
  segments: z.array(segmentSchema).max(WORD_TEXT_BOUNDS.maxTotalChars),
});

export const wordReadingSchema = z.strictObject({
  documentId: z.string().max(PART_CHARS).nullable(),
  paragraphs: z.array(paragraphSchema).max(WORD_TEXT_BOUNDS.maxParagraphs),
  // JSON names a comment's number as a string.
  comments: z.record(z.string().regex(/^-?\d{1,15}$/), z.strictObject({ author: z.string().max(PART_CHARS), text: z.string().max(PART_CHARS) }))
    .refine((comments) => Object.keys(comments).length <= WORD_TEXT_BOUNDS.maxComments, { message: `at most ${WORD_TEXT_BOUNDS.maxComments} comments` }),
}) satisfies z.ZodType<unknown>;

/** The reading checked; what it carries is what `readWordFile` gives (comments keyed by their number). */
export function parseWordReading(value: unknown): WordReading {
  return wordReadingSchema.parse(value) as WordReading;
}
