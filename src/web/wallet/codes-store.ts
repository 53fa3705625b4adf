// Which patron "My codes" shows: client state, mirrored in the address (`?patron=alice|bob`) so a link or a reload
// opens the same patron's codes.
import { create } from 'zustand';
import type { SeedPatron } from '../../domain/sandbox-seeds';
import { patronFromSearch } from './code-patrons';

interface CodesState {
  patronId: SeedPatron['id'];
  choosePatron: (patronId: SeedPatron['id']) => void;
}

export const useCodesStore = create<CodesState>()((set) => ({
  patronId: patronFromSearch(window.location.search).id,
  choosePatron: (patronId) => {
    set({ patronId });
    const url = new URL(window.location.href);
    url.searchParams.set('patron', patronId);
    window.history.replaceState(window.history.state, '', url);
  },
}));
