// What a kiosk keeps across reloads: the token each of its lanes was set up with (staff entered the staff code once).
// Never the staff code itself, and never a payment's status (that is re-read from the lane).
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface KioskState {
  tokens: Record<string, string>;
  setToken: (lane: string, token: string) => void;
  /** The till no longer takes this token (the staff code changed): staff must set the kiosk up again. */
  forget: (lane: string) => void;
}

export const useKioskStore = create<KioskState>()(
  persist(
    (set) => ({
      tokens: {},
      setToken: (lane, token) => set((state) => ({ tokens: { ...state.tokens, [lane]: token } })),
      forget: (lane) => set((state) => ({ tokens: Object.fromEntries(Object.entries(state.tokens).filter(([each]) => each !== lane)) })),
    }),
    { name: 'centrapay-pos.kiosk', version: 1, storage: createJSONStorage(() => localStorage), partialize: (state) => ({ tokens: state.tokens }) },
  ),
);
