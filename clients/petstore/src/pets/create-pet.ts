// Adding a pet to the store.
import { createPets, type Pet } from '../client/index.js';

export async function addPet(pet: Pet): Promise<void> {
  const { error } = await createPets({ body: pet });
  if (error) throw new Error(`adding ${pet.name} failed: ${error.message}`);
}
