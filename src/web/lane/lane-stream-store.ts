// Which lanes' event streams are open on this screen (client state): while a lane's is, its state is not polled.
import { create } from 'zustand';

interface LaneStreamState {
  /** Lanes whose event stream is open on this screen. */
  open: Record<string, boolean>;
  setOpen: (lane: string, open: boolean) => void;
}

export const useLaneStreamStore = create<LaneStreamState>()((set) => ({
  open: {},
  setOpen: (lane, open) => set((state) => (state.open[lane] === open ? state : { open: { ...state.open, [lane]: open } })),
}));
