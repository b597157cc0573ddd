import type { en } from './en';

export type MessageKey = keyof typeof en;

/** A language's texts: one for every key of the English catalogue (the compiler refuses a missing one). */
export type Messages = Record<MessageKey, string>;

/** The enums whose values the catalogue names, as `enum.<Enum>.<VALUE>`. */
export type CatalogueEnum = MessageKey extends infer K ? (K extends `enum.${infer E}.${string}` ? E : never) : never;
