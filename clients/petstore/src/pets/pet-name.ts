// One pet's name, for a page that shows a single pet.
import { showPetById } from '../client/index.js';

export async function petName(petId: string): Promise<string | undefined> {
  const { data } = await showPetById({ path: { petId } });
  return data?.name;
}
