// AttestFixtures: the HDF5 wrapper (HDF5/) and the golden fixture schema.
