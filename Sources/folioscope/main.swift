print("folioscope")
