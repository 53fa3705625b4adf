// The lane this display was set up for, kept across reloads and restarts of the tablet, so `/display` (the app
// manifest's start_url) opens it again. Only the lane's id: whether it still exists is checked against the till.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface DisplayLaneState {
  lane: string | null;
  remember: (lane: string) => void;
}

export const useDisplayLaneStore = create<DisplayLaneState>()(
  persist(
    (set) => ({
      lane: null,
      remember: (lane) => set((state) => (state.lane === lane ? state : { lane })),
    }),
    {
      name: 'centrapay-pos.display-lane',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ lane: state.lane }),
      // Saved state is input like any other: anything but a lane id is forgotten.
      merge: (persisted, current) => {
        const lane = (persisted as { lane?: unknown } | null)?.lane;
        return { ...current, lane: typeof lane === 'string' && lane !== '' ? lane : null };
      },
    },
  ),
);
