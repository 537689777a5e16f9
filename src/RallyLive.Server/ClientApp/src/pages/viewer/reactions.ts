// How a reaction kind looks on its button. The palette is the organiser's: names outside the known set show as text.

const symbols: Record<string, string> = {
  cheer: "🎉", love: "❤️", clap: "👏", laugh: "😂", wow: "😮", question: "❓", boo: "👎", angry: "😠",
  fire: "🔥", heart: "❤️", thumbsup: "👍", thumbs_up: "👍", sad: "😢", hundred: "💯",
};

/** The symbol of a reaction kind, or null when it has none (the button then shows the name only). */
export function reactionSymbol(kind: string): string | null {
  return symbols[kind.toLowerCase()] ?? null;
}

/** How many floating symbols one frame's count of a kind starts: one per tap up to a few, then a handful for a crowd. */
export function burstSize(count: number): number {
  if (count <= 0) {
    return 0;
  }
  return count <= 4 ? count : Math.min(12, 4 + Math.ceil(Math.log2(count)));
}
