// The language a patron picked on this screen, if any: client state of this one screen (never the lane's, never
// sent anywhere). Not persisted: a reload starts again from the screen's default.
import { create } from 'zustand';
import type { Language } from '../../domain/language';

interface LanguageState {
  /** Null until the patron picks one: the screen speaks its default. */
  chosen: Language | null;
  choose: (language: Language) => void;
  /** Back to the screen's default (a display after each sale). */
  forget: () => void;
}

export const useLanguageStore = create<LanguageState>()((set) => ({
  chosen: null,
  choose: (language) => set({ chosen: language }),
  forget: () => set({ chosen: null }),
}));
